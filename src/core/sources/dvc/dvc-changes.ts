import type { ChangeKind } from "../../types.ts";
import { isCodePath, type ModelGraph } from "./dvc-graph.ts";
import { covers } from "./dvc-paths.ts";
import type { DvcFile } from "./parse-dvc-file.ts";
import type { DvcLock, LockedPath } from "./parse-dvc-lock.ts";

/** One side of a DVC model, as the kinds of change compare it. */
export interface DvcSide {
  lock: DvcLock | null;
  /** `.dvc` files of the root dependencies and of the artifact, by the path they track. */
  dvcFiles: Map<string, DvcFile>;
  /** Flattened values of the params files the pipeline reads (file → key → value). */
  params: Map<string, Record<string, unknown>>;
}

/**
 * SPEC §1.4: the kinds of change of a DVC model, from dvc.lock (and `.dvc` files), between base
 * and head. A dependency or output that only the PR's diff shows changed (dvc.lock not
 * regenerated) counts too: the model then depends on something that changed.
 */
export function dvcChanges(
  graph: ModelGraph,
  artifactPath: string,
  base: DvcSide,
  head: DvcSide,
  changedPaths: ReadonlySet<string>,
): ChangeKind[] {
  const kinds = new Set<ChangeKind>();
  const stages = graph.upstream.map((s) => s.name);
  const lockedOf = (side: DvcSide, pick: "deps" | "outs") => {
    const out = new Map<string, string | null>();
    for (const name of stages)
      for (const p of side.lock?.stages.get(name)?.[pick] ?? []) out.set(p.path, p.hash);
    return out;
  };
  // Dependencies (data and code) of the upstream stages.
  const baseDeps = lockedOf(base, "deps");
  const headDeps = lockedOf(head, "deps");
  for (const path of new Set([...baseDeps.keys(), ...headDeps.keys()])) {
    if (covers(path, artifactPath)) continue;
    if (baseDeps.get(path) !== headDeps.get(path)) kinds.add(isCodePath(path) ? "code" : "data");
  }
  for (const name of stages) {
    const b = base.lock?.stages.get(name);
    const h = head.lock?.stages.get(name);
    if (b && h && b.cmd !== h.cmd) kinds.add("code");
    if (b && h && !sameValues(b.params, h.params)) kinds.add("params");
  }
  // The artifact's own hash: the producing stage's output, or its `.dvc` file.
  const artifactHash = (side: DvcSide): string | null =>
    hashAt(lockedOf(side, "outs"), artifactPath) ??
    hashOf(side.dvcFiles.get(artifactPath)?.outs ?? [], artifactPath);
  const [ba, ha] = [artifactHash(base), artifactHash(head)];
  if ((ba !== null || ha !== null) && ba !== ha) kinds.add("artifacts");
  // Imported or added data: `md5` of what it tracks, and `rev_lock` of an import.
  for (const dep of graph.rootDeps) {
    const b = base.dvcFiles.get(dep);
    const h = head.dvcFiles.get(dep);
    if (b && h && JSON.stringify(fileState(b)) !== JSON.stringify(fileState(h))) kinds.add("data");
  }
  // Params files: the keys the pipeline reads.
  for (const s of graph.upstream)
    for (const [file, keys] of s.params) {
      const b = base.params.get(file);
      const h = head.params.get(file);
      if (b && h && keys.some((k) => !sameKey(b, h, k))) kinds.add("params");
    }
  // Metrics outputs of the evaluation stages (their hash, when the metrics file is not in git).
  for (const s of graph.evaluation) {
    const b = base.lock?.stages.get(s.name)?.outs ?? [];
    const h = head.lock?.stages.get(s.name)?.outs ?? [];
    for (const m of s.metrics.length > 0 ? s.metrics : graph.metrics)
      if (b.length > 0 && h.length > 0 && hashOf(b, m) !== hashOf(h, m)) kinds.add("metrics");
  }
  // What the diff shows though dvc.lock does not.
  for (const s of graph.upstream)
    for (const dep of s.deps)
      if ([...changedPaths].some((p) => covers(dep, p)) && !covers(dep, artifactPath))
        kinds.add(isCodePath(dep) ? "code" : "data");
  return [...kinds];
}

function hashAt(locked: Map<string, string | null>, path: string): string | null {
  for (const [p, h] of locked) if (covers(p, path)) return h;
  return null;
}

function hashOf(paths: readonly LockedPath[], path: string): string | null {
  return paths.find((p) => covers(p.path, path))?.hash ?? null;
}

const fileState = (f: DvcFile) => ({ outs: f.outs.map((o) => [o.path, o.hash]), imports: f.imports });

function sameValues(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return false;
  return true;
}

/** A key (`train`, `train.n_est`) and every flattened key under it have the same values. */
function sameKey(a: Record<string, unknown>, b: Record<string, unknown>, key: string): boolean {
  const under = (r: Record<string, unknown>) =>
    Object.entries(r)
      .filter(([k]) => key === "" || k === key || k.startsWith(`${key}.`))
      .sort(([x], [y]) => (x < y ? -1 : 1));
  return JSON.stringify(under(a)) === JSON.stringify(under(b));
}
