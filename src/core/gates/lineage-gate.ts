import type { Gates } from "../policy/schema.ts";
import type { DataRef, Finding, Manifest, ModelContext } from "../types.ts";

type LineageCode =
  | "lineage.missing-manifest"
  | "lineage.missing-field"
  | "lineage.dangling-ref"
  | "lineage.train-eval-overlap";
type Emit = (code: LineageCode, file: string, line: number | null, message: string) => void;

/**
 * SPEC §3.5. `lineage.orphan-manifest` needs every card of the repository and is computed by the
 * engine. Anything absent is annotated on its nearest written parent, or the file's first line.
 */
export function lineageGate(ctx: ModelContext, gates: Gates): Finding[] {
  const rules = gates.lineage;
  const findings: Finding[] = [];
  const emit: Emit = (code, file, line, message) =>
    findings.push({ gate: "lineage", code, severity: "error", model: ctx.name, file, line, message });

  const { card, manifest } = ctx;
  const experimentDangles = card.experiment !== null && !ctx.headPaths.has(card.experiment);
  if (experimentDangles) {
    const message = `experiment "${card.experiment}" is not in the head commit: fix the path or add the manifest`;
    emit("lineage.dangling-ref", card.file, card.experimentLine ?? 1, message);
  }
  if (!manifest) {
    if (rules.required.length > 0 && !experimentDangles)
      emit("lineage.missing-manifest", card.file, 1, noManifest(ctx));
    return findings;
  }
  // A source that pins a path by its own means (DVC's md5 in dvc.lock) satisfies it.
  for (const path of rules.required) if (!ctx.pinned?.has(path)) checkRequired(manifest, path, emit);
  checkFileRefs(manifest, ctx.headPaths, emit);
  if (rules.forbid_train_eval_overlap) checkOverlap(manifest, emit);
  return findings;
}

function noManifest(ctx: ModelContext): string {
  if (ctx.card.experiment !== null) {
    return `the experiment manifest ${ctx.card.experiment} could not be read, so the lineage of ${ctx.name} cannot be checked`;
  }
  return `no experiment manifest for ${ctx.name}: add "experiment: experiment.yaml" to the card, or a manifest with "model: ${ctx.name}"`;
}

/** `lineage.missing-field` for each concrete path under a required one (one per artifact). */
function checkRequired(manifest: Manifest, required: string, emit: Emit): void {
  for (const path of missingPaths(manifest.raw, required.split("."), [])) {
    const shown = path.map((k, i) => (/^\d+$/.test(k) ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
    const what = shown === required ? required : `${shown} (required: ${required})`;
    emit(
      "lineage.missing-field",
      manifest.file,
      nearestLine(manifest, path),
      `${what} is missing or empty: record it`,
    );
  }
}

/**
 * The concrete paths, below `prefix`, at which `segments` is absent or empty. A list on the way
 * means "every element": `artifacts.sha256` checks each artifact, and an empty or absent list is
 * itself missing. A numeric segment indexes a list.
 */
function missingPaths(value: unknown, segments: string[], prefix: string[]): string[][] {
  if (isEmpty(value)) return [[...prefix, ...segments]];
  const [head, ...rest] = segments;
  if (head === undefined) return [];
  if (Array.isArray(value) && !/^\d+$/.test(head)) {
    return value.flatMap((item, i) => missingPaths(item, segments, [...prefix, String(i)]));
  }
  if (typeof value !== "object" || value === null) return [[...prefix, ...segments]];
  const child = Object.entries(value).find(([k]) => k === head)?.[1];
  return missingPaths(child, rest, [...prefix, head]);
}

/** Absent, null, a blank string, or an empty list or mapping. Zero (a seed) is a value. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

function nearestLine(manifest: Manifest, path: string[]): number {
  for (let n = path.length; n > 0; n--) {
    const line = manifest.lineOf(path.slice(0, n).join("."));
    if (line !== null) return line;
  }
  return 1;
}

/** `metrics_file` and `environment.lockfile` must exist in the head tree; artifacts may live outside git. */
function checkFileRefs(manifest: Manifest, headPaths: ReadonlySet<string>, emit: Emit): void {
  const refs = [
    { key: "metrics_file", path: manifest.metricsFile, line: manifest.metricsFileLine },
    { key: "environment.lockfile", path: manifest.lockfile, line: manifest.environment?.line ?? null },
  ];
  for (const { key, path, line } of refs) {
    if (path === null || headPaths.has(path)) continue;
    const at = manifest.lineOf(key) ?? line ?? 1;
    emit(
      "lineage.dangling-ref",
      manifest.file,
      at,
      `${key} "${path}" is not in the head commit: fix the path or commit the file`,
    );
  }
}

/**
 * Leakage: the training data is also data the model was scored on, by sha256 or by name and
 * version. Besides `eval`, every data key a metric was scored on is checked.
 */
function checkOverlap(manifest: Manifest, emit: Emit): void {
  const data = new Map(Object.entries(manifest.data));
  const train = data.get("train");
  if (!train) return;
  const scored = new Set(["eval", ...manifest.metricsDataKey]);
  scored.delete("train");
  for (const key of scored) {
    const other = data.get(key);
    const how = other ? overlap(train, other) : null;
    if (!other || !how) continue;
    const line = manifest.lineOf(`data.${key}`) ?? other.line ?? 1;
    emit(
      "lineage.train-eval-overlap",
      manifest.file,
      line,
      `data.train and data.${key} ${how}: score on held-out data`,
    );
  }
}

function overlap(a: DataRef, b: DataRef): string | null {
  const sha = (r: DataRef) => r.sha256?.trim().toLowerCase() || null;
  if (sha(a) !== null && sha(a) === sha(b)) return "have the same sha256";
  const id = (r: DataRef) =>
    r.name?.trim() && r.version?.trim() ? `${r.name.trim()}@${r.version.trim()}` : null;
  if (id(a) !== null && id(a) === id(b)) return `are the same data (${id(a)})`;
  return null;
}
