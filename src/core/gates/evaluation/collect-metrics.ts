import type { Manifest, MetricValue, ModelCard } from "../../types.ts";
import type { MetricSet } from "./metric-set.ts";

/** Called when the card states a value for a metric of the run and none of the run's agrees. */
export type OnCardMismatch = (card: MetricValue, run: MetricValue) => void;

const SEP = "\u0000";

/**
 * One side's metrics: the run's (manifest `metrics` and `metrics_file`), then the card's values
 * that the run does not give. The run is the source of truth and the card a transcription of it:
 * a card value that repeats a run value is shown once, and one that contradicts every run value
 * of that metric is reported (`onMismatch`) and left out, so the gate judges what was measured.
 */
export function collectMetrics(
  card: ModelCard | null,
  manifest: Manifest | null,
  onMismatch: OnCardMismatch | null,
): MetricSet {
  const run: MetricSet = manifest === null ? { values: [], dataKeys: [] } : runMetrics(manifest);
  if (card === null || card.metrics.length === 0) return run;
  // Whether the run names a metric (type or name, any case), memoised per name: a card's many
  // slices share a name, and most card metrics of a big model-index are not in the run at all.
  const runNames = new Set(
    run.values.flatMap((v) => (v.name === null ? [v.type] : [v.type, v.name])).map((n) => n.toLowerCase()),
  );
  const memo = new Map<string, boolean>();
  // A metric's overall value and its slices come together: the same name asked again is no lookup.
  let lastName: string | null = null;
  let lastHit = false;
  const named = (n: string): boolean => {
    if (n === lastName) return lastHit;
    let hit = memo.get(n);
    if (hit === undefined) {
      hit = runNames.has(n.toLowerCase());
      memo.set(n, hit);
    }
    lastName = n;
    lastHit = hit;
    return hit;
  };
  const runHas = (m: MetricValue): boolean => named(m.type) || (m.name !== null && named(m.name));
  // The index is built only when a card value is not found at its own position in the run.
  let runByName: Map<string, MetricValue[]> | null = null;
  const dataKeyOf = dataKeysByName(manifest);
  let lastDataset: string | null = null;
  let lastKey = "eval";
  // The data key of a card value: most share one dataset, asked for value after value.
  const dataKeyFor = (dataset: string | null): string => {
    if (dataset === null) return "eval";
    if (dataset !== lastDataset) {
      lastDataset = dataset;
      lastKey = dataKeyOf.get(dataset) || "eval";
    }
    return lastKey;
  };
  const values = [...run.values];
  const dataKeys = [...run.dataKeys];
  for (let i = 0; i < card.metrics.length; i++) {
    const m = card.metrics[i] as MetricValue;
    const at = run.values[i];
    // Cards usually transcribe the run in its order: the same metric and value at the same place.
    if (at !== undefined && at.slice === m.slice && at.type === m.type && sameValue(m.value, at.value))
      continue;
    if (!runHas(m)) {
      values.push(m);
      dataKeys.push(dataKeyFor(m.dataset));
      continue;
    }
    runByName ??= indexByName(run.values);
    const verdict = compareWithRun(m, runByName, dataKeyOf);
    if (verdict === "same") continue;
    if (verdict !== null) {
      onMismatch?.(m, verdict);
      continue;
    }
    values.push(m);
    dataKeys.push(dataKeyFor(m.dataset));
  }
  return { values, dataKeys };
}

function runMetrics(manifest: Manifest): MetricSet {
  const { metrics, metricsDataKey } = manifest;
  if (metricsDataKey.length === metrics.length) return { values: metrics, dataKeys: metricsDataKey };
  // A parser that left the keys out (or short) means the default, `eval`.
  return { values: metrics, dataKeys: metrics.map((_, i) => metricsDataKey[i] ?? "eval") };
}

/** Run values by (slice, lower-cased type or name): a card's metric is "the same" by either. */
function indexByName(run: readonly MetricValue[]): Map<string, MetricValue[]> {
  const index = new Map<string, MetricValue[]>();
  const add = (name: string, m: MetricValue) => {
    const key = (m.slice ?? "").toLowerCase() + SEP + name.toLowerCase();
    const list = index.get(key);
    if (list === undefined) index.set(key, [m]);
    else if (!list.includes(m)) list.push(m);
  };
  for (const m of run) {
    add(m.type, m);
    if (m.name !== null) add(m.name, m);
  }
  return index;
}

/** "same" when a run value agrees, the first disagreeing run value, or null when the run lacks it. */
function compareWithRun(
  card: MetricValue,
  runByName: Map<string, MetricValue[]>,
  manifestData: ReadonlyMap<string, string>,
): "same" | MetricValue | null {
  const slice = (card.slice ?? "").toLowerCase();
  let differing: MetricValue | null = null;
  for (const name of card.name === null ? [card.type] : [card.type, card.name]) {
    for (const run of runByName.get(slice + SEP + name.toLowerCase()) ?? []) {
      if (sameValue(card.value, run.value)) return "same";
      // A card names its dataset for people ("Support tickets"), a manifest by data name
      // ("support-tickets-test"). Only a card dataset that is one of the manifest's own data
      // entries says "another dataset"; a name the manifest does not know is the run's data
      // under another name, and a different value for it is a mismatch.
      const otherData = card.dataset !== null && run.dataset !== null && card.dataset !== run.dataset;
      if (otherData && manifestData.has(card.dataset as string)) continue;
      differing ??= run;
    }
  }
  return differing;
}

/** SPEC §3.4: values differ when their relative difference exceeds 1e-9. */
function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** A card names its dataset; the manifest's `data` key of that name tells which data it was. */
function dataKeysByName(manifest: Manifest | null): Map<string, string> {
  const byName = new Map<string, string>();
  if (manifest === null) return byName;
  for (const [key, ref] of Object.entries(manifest.data)) {
    if (ref.name !== null && !byName.has(ref.name)) byName.set(ref.name, key);
  }
  return byName;
}
