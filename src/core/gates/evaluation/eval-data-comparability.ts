import semver from "semver";
import type { Gates } from "../../policy/schema.ts";
import type { DataRef, Manifest, MetricValue, ModelContext } from "../../types.ts";
import type { EvalSink } from "./eval-sink.ts";
import { metricLabel } from "./metric-label.ts";

/** How head values scored on one data key may be compared with the base (SPEC §3.4). */
export type Comparison =
  | { kind: "same" }
  /**
   * The data changed, and the head manifest's `baseline` block re-scored the base model on it.
   * `missing` files `eval.not-comparable` for a gated value the block has no value for: its base
   * value was scored on the old data, so no regression can be computed for it either.
   */
  | {
      kind: "baseline";
      lookup: (head: MetricValue) => MetricValue | null;
      missing: (head: MetricValue, label: string) => void;
    }
  /**
   * The data changed and nothing comparable exists: no regression may be computed. `report`
   * files `eval.not-comparable` (once per data key) when a value needed the comparison: a data
   * refresh that no tolerance depends on is no reason to fail.
   */
  | { kind: "changed"; report: () => void };

const SAME: Comparison = { kind: "same" };
const SEP = "\u0000";

/**
 * Decides, once per manifest `data` key, whether base and head were scored on the same data (and
 * notes it when the baseline block stands in). Without both manifests there is nothing to tell
 * the data apart by, and the values are compared as they are.
 */
export function evalDataComparability(
  ctx: ModelContext,
  policy: Gates["evaluation"],
  sink: EvalSink,
): (dataKey: string) => Comparison {
  const { manifest, baseManifest } = ctx;
  if (manifest === null || baseManifest === null) return () => SAME;
  const decided = new Map<string, Comparison>();
  // Nearly every value asks about `eval`: answer a repeated question without a lookup.
  let lastKey: string | null = null;
  let last: Comparison = SAME;
  return (dataKey) => {
    if (dataKey === lastKey) return last;
    let found = decided.get(dataKey);
    if (found === undefined) {
      found = decide(ctx, manifest, baseManifest, dataKey, policy, sink);
      decided.set(dataKey, found);
    }
    lastKey = dataKey;
    last = found;
    return found;
  };
}

function decide(
  ctx: ModelContext,
  manifest: Manifest,
  baseManifest: Manifest,
  dataKey: string,
  policy: Gates["evaluation"],
  sink: EvalSink,
): Comparison {
  const head = dataRef(manifest, dataKey);
  const changes = dataChanges(head, dataRef(baseManifest, dataKey));
  if (changes.length === 0) return SAME;
  const what = `${dataKey} data changed (${changes.join(", ")})`;
  const baseline = usableBaseline(ctx, manifest);
  const severity = policy.comparable_eval_data === "fail" ? "error" : "warning";
  if (typeof baseline !== "string") {
    sink.notes.add(
      `${what}: regressions computed against the baseline block (${baseline.version} re-scored on the new data)`,
    );
    const missing = (m: MetricValue, label: string) => {
      const message = `${label}: ${what}, and the baseline block (${baseline.version}) has no value for it, so no regression is computed; add it to the baseline block`;
      sink.add("eval.not-comparable", severity, { file: m.file, line: m.line }, message);
    };
    return { kind: "baseline", lookup: baselineLookup(baseline.metrics), missing };
  }
  const at = { file: manifest.file, line: head?.line ?? manifest.lineOf(`data.${dataKey}`) };
  const message = `${what}: base and head were scored on different data, so no regression is computed; ${baseline}`;
  let reported = false;
  const report = () => {
    if (!reported) sink.add("eval.not-comparable", severity, at, message);
    reported = true;
  };
  return { kind: "changed", report };
}

/**
 * SPEC §1.4: a value that names the revision of its eval data (a Hugging Face evaluation result's
 * `dataset.revision`) and is paired with one scored on another revision was scored on different
 * data: no regression is computed, and `eval.not-comparable` says so on the head value. A revision
 * given on one side only is not a change (the entry became more or less precisely pinned).
 */
export function revisionChange(
  m: MetricValue,
  base: MetricValue | null,
  policy: Gates["evaluation"],
  sink: EvalSink,
): Comparison | null {
  const h = m.revision ?? null;
  const b = base?.revision ?? null;
  if (h === null || b === null || h === b) return null;
  const severity = policy.comparable_eval_data === "fail" ? "error" : "warning";
  const short = (s: string) => (/^[0-9a-f]{40}$/i.test(s) ? s.slice(0, 12) : s);
  const message = `${metricLabel(m)}: ${m.dataset ?? "the eval data"} revision ${short(b)} → ${short(h)}: base and head were scored on different data, so no regression is computed; score the base model on the new revision too, or keep the revision`;
  return { kind: "changed", report: () => sink.add("eval.not-comparable", severity, m, message) };
}

/** Own keys only: a data key is text from the PR ("constructor" must not find a prototype). */
function dataRef(manifest: Manifest, key: string): DataRef | undefined {
  return Object.hasOwn(manifest.data, key) ? manifest.data[key] : undefined;
}

/**
 * What differs between two data entries. A field given on one side only is not a difference: the
 * entry became more (or less) precisely pinned, which the lineage gate judges, not this one.
 */
function dataChanges(head: DataRef | undefined, base: DataRef | undefined): string[] {
  if (head === undefined || base === undefined) return [];
  const changes: string[] = [];
  for (const field of ["name", "version", "sha256"] as const) {
    const h = head[field];
    const b = base[field];
    if (h === null || b === null || h === b) continue;
    const short = (s: string) => (field === "sha256" ? s.slice(0, 12) : s);
    changes.push(`${field} ${short(b)} → ${short(h)}`);
  }
  return changes;
}

/** The baseline block when it re-scored the base version, else why it cannot stand in. */
function usableBaseline(
  ctx: ModelContext,
  manifest: Manifest,
): { version: string; metrics: readonly MetricValue[] } | string {
  const baseVersion = ctx.baseCard?.version ?? null;
  const wanted = baseVersion === null ? "the base model" : `the base model (${baseVersion})`;
  const fix = `add a baseline block with ${wanted} re-scored on the new data`;
  const block = manifest.baseline;
  if (block === null) return fix;
  if (block.version === null) return `the baseline block names no version; ${fix}`;
  if (baseVersion === null) return "the base card has no version to check the baseline block against";
  if (!sameVersion(block.version, baseVersion)) {
    return `the baseline block is for ${block.version}, not the base version ${baseVersion}`;
  }
  return { version: block.version, metrics: block.metrics };
}

function sameVersion(a: string, b: string): boolean {
  const va = semver.valid(a);
  const vb = semver.valid(b);
  return va !== null && vb !== null ? semver.eq(va, vb) : a.trim() === b.trim();
}

/** Baseline values by (type or name, slice); a dataset must agree where both name one. */
function baselineLookup(metrics: readonly MetricValue[]): (head: MetricValue) => MetricValue | null {
  const index = new Map<string, MetricValue[]>();
  const add = (name: string, m: MetricValue) => {
    const key = name.toLowerCase() + SEP + (m.slice ?? "").toLowerCase();
    const list = index.get(key);
    if (list === undefined) index.set(key, [m]);
    else list.push(m);
  };
  for (const m of metrics) {
    add(m.type, m);
    if (m.name !== null) add(m.name, m);
  }
  return (head) => {
    const slice = (head.slice ?? "").toLowerCase();
    for (const name of head.name === null ? [head.type] : [head.type, head.name]) {
      for (const b of index.get(name.toLowerCase() + SEP + slice) ?? []) {
        if (head.dataset === null || b.dataset === null || head.dataset === b.dataset) return b;
      }
    }
    return null;
  };
}
