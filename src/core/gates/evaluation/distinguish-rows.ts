import type { MetricRow, MetricValue } from "../../types.ts";

type Field = "name" | "dataset" | "config" | "split";
const FIELDS: readonly Field[] = ["name", "dataset", "config", "split"];

/**
 * SPEC §1.1: a metric row shows whichever of the value's display name, dataset, config and split
 * tell it apart from the model's other rows of the same metric and slice (a card reporting WER on
 * five Common Voice languages has five `wer` rows; each says its language). Sets `context` on
 * those rows only. `values[i]` is the value row `i` was made from.
 *
 * Most models score one dataset: a field that is the same on every value cannot tell rows apart,
 * and finding that out costs four comparisons a value, with nothing allocated. When a field
 * varies (a run's metrics have no split, the card's have one), values are grouped by (metric,
 * slice) in maps keyed by the strings as parsed, with no key built per value, and only the
 * (metric, slice) pairs that occur twice get a group: most occur once.
 */
export function distinguishRows(rows: MetricRow[], values: readonly MetricValue[]): void {
  const first = values[0];
  if (first === undefined) return;
  const varying = varyingFields(values, first);
  if (varying.length === 0) return;
  for (const group of sharedMetricAndSlice(values)) {
    const lead = values[group[0] as number] as MetricValue;
    const telling = varying.filter((f) => group.some((i) => values[i]?.[f] !== lead[f]));
    if (telling.length === 0) continue;
    for (const i of group) {
      const row = rows[i];
      const v = values[i];
      if (row === undefined || v === undefined) continue;
      row.context = telling.map((f) => v[f] ?? "–").join(" · ");
    }
  }
}

/** The fields on which some value differs from the first, in FIELDS order. */
function varyingFields(values: readonly MetricValue[], first: MetricValue): Field[] {
  let name = false;
  let dataset = false;
  let config = false;
  let split = false;
  for (const v of values) {
    name ||= v.name !== first.name;
    dataset ||= v.dataset !== first.dataset;
    config ||= v.config !== first.config;
    split ||= v.split !== first.split;
    if (name && dataset && config && split) break;
  }
  const varies = { name, dataset, config, split };
  return FIELDS.filter((f) => varies[f]);
}

/** Positions of the values that share a (type, slice) with another, each group in value order. */
function sharedMetricAndSlice(values: readonly MetricValue[]): Iterable<number[]> {
  const firstOf = new Map<string, Map<string | null, number>>();
  const groups = new Map<number, number[]>();
  // Values of one metric usually come together (overall, then its slices).
  let lastType: string | null = null;
  let bySlice = new Map<string | null, number>();
  values.forEach((v, i) => {
    if (v.type !== lastType) {
      lastType = v.type;
      const known = firstOf.get(v.type);
      if (known === undefined) {
        bySlice = new Map();
        firstOf.set(v.type, bySlice);
      } else bySlice = known;
    }
    const lead = bySlice.get(v.slice);
    if (lead === undefined) {
      bySlice.set(v.slice, i);
      return;
    }
    const group = groups.get(lead);
    if (group === undefined) groups.set(lead, [lead, i]);
    else group.push(i);
  });
  return groups.values();
}
