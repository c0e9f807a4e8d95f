import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { distinguishRows } from "../../../../src/core/gates/evaluation/distinguish-rows.ts";
import type { MetricRow, MetricValue } from "../../../../src/core/types.ts";

/**
 * distinguishRows groups values by (metric, slice) in nested maps; this is the version it
 * replaced, which built one key string per value. The two must set the same context on every row.
 */
function referenceDistinguishRows(rows: MetricRow[], values: readonly MetricValue[]): void {
  const fields = ["name", "dataset", "config", "split"] as const;
  const first = values[0];
  if (first === undefined) return;
  const varying = fields.filter((f) => values.some((v) => v[f] !== first[f]));
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

// Small alphabets, so that values share metrics and slices and differ in a few fields.
const maybe = (...options: string[]) => fc.constantFrom<string | null>(null, ...options);
const value = fc.record({
  type: fc.constantFrom("wer", "accuracy", "f1"),
  name: maybe("WER", "Accuracy"),
  dataset: maybe("common_voice", "glue"),
  config: maybe("en", "fr", "de"),
  split: maybe("test", "validation"),
  slice: maybe("region=EU", "region=US"),
});

type Drawn = Pick<MetricValue, "type" | "name" | "dataset" | "config" | "split" | "slice">;
const asValue = (v: Drawn, i: number): MetricValue => ({
  ...v,
  value: i / 100,
  n: null,
  ci: null,
  file: "models/a/README.md",
  line: i + 1,
});
const asRow = (v: MetricValue): MetricRow => ({
  model: "a",
  name: v.type,
  slice: v.slice,
  dataset: v.dataset,
  config: v.config,
  split: v.split,
  context: null,
  base: null,
  head: v.value,
  delta: null,
  status: "new",
});

describe("distinguishRows", () => {
  it("sets the contexts the key-string grouping set, on any values", () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), (drawn) => {
        const values = drawn.map(asValue);
        const rows = values.map(asRow);
        const expected = values.map(asRow);
        distinguishRows(rows, values);
        referenceDistinguishRows(expected, values);
        expect(rows.map((r) => r.context)).toEqual(expected.map((r) => r.context));
      }),
      { numRuns: 500 },
    );
  });

  it("names the config of each of five wer rows, and leaves a lone metric alone", () => {
    const values = ["en", "fr", "de", "es", "it"].map((config, i) =>
      asValue({ type: "wer", name: null, dataset: "common_voice", config, split: "test", slice: null }, i),
    );
    values.push(
      asValue(
        { type: "cer", name: null, dataset: "librispeech", config: null, split: "test", slice: null },
        5,
      ),
    );
    const rows = values.map(asRow);
    distinguishRows(rows, values);
    expect(rows.map((r) => r.context)).toEqual(["en", "fr", "de", "es", "it", null]);
  });
});
