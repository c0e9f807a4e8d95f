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
 * and finding that out costs four comparisons a value, with nothing allocated. Only when a field
 * varies are rows grouped by (metric, slice).
 */
export function distinguishRows(rows: MetricRow[], values: readonly MetricValue[]): void {
  const first = values[0];
  if (first === undefined) return;
  const varying = FIELDS.filter((f) => values.some((v) => v[f] !== first[f]));
  if (varying.length === 0) return;
  const groups = new Map<string, number[]>();
  values.forEach((v, i) => {
    const key = v.slice === null ? v.type : `${v.type}\u0005${v.slice}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [i]);
    else group.push(i);
  });
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const lead = values[group[0] as number] as MetricValue;
    const telling = varying.filter((f) => group.some((i) => values[i]?.[f] !== lead[f]));
    for (const i of group) {
      const row = rows[i];
      const v = values[i];
      if (row === undefined || v === undefined || telling.length === 0) continue;
      row.context = telling.map((f) => v[f] ?? "–").join(" · ");
    }
  }
}
