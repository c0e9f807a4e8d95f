import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluationGate } from "../../../src/core/gates/evaluation-gate.ts";
import { Gates } from "../../../src/core/policy/schema.ts";
import type { MetricValue } from "../../../src/core/types.ts";
import { CARD_FILE, evalCtx, MANIFEST_FILE, type SideSpec } from "./evaluation-builders.ts";

const CODES = new Set([
  "eval.underpowered",
  "eval.card-mismatch",
  "eval.missing-metric",
  "eval.below-min",
  "eval.above-max",
  "eval.regression",
  "eval.not-significant",
  "eval.unguarded-drop",
  "eval.not-comparable",
  "eval.missing-slice",
  "eval.slice-regression",
]);

const number = fc.oneof(
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.constantFrom(0, 1, 0.5, Number.NaN, Infinity, -Infinity, 1e300, -0),
);
const text = (values: readonly string[]) => fc.option(fc.constantFrom(...values), { nil: null });

const metricValue = (file: string): fc.Arbitrary<MetricValue> =>
  fc.record({
    type: fc.constantFrom("auc", "AUC", "f1", "loss", "latency_ms", "constructor", "a*b"),
    name: text(["AUC", "Holdout AUC", "f1"]),
    value: number,
    dataset: text(["transactions-holdout", "other"]),
    config: text(["default"]),
    split: text(["test", "validation"]),
    slice: text(["region=EU", "region=US", "segment=smb", "__proto__"]),
    n: fc.option(fc.oneof(fc.nat(100_000), fc.constantFrom(-1, 0, Number.NaN)), { nil: null }),
    ci: fc.option(fc.tuple(number, number), { nil: null }),
    file: fc.constant(file),
    line: fc.option(fc.nat(500), { nil: null }),
  });

const side: fc.Arbitrary<SideSpec> = fc.record({
  version: text(["2.2.0", "2.1.0", "v2.2.0", "not-semver"]),
  card: fc.array(metricValue(CARD_FILE), { maxLength: 6 }),
  run: fc.option(fc.array(metricValue(MANIFEST_FILE), { maxLength: 12 }), { nil: null }),
  dataKeys: fc.array(fc.constantFrom("eval", "eval_eu", "constructor", "train"), { maxLength: 12 }),
  data: fc.dictionary(
    fc.constantFrom("eval", "eval_eu", "train"),
    fc.record({
      name: text(["transactions-holdout", "x"]),
      version: text(["1", "2"]),
      sha256: text(["a", "b"]),
    }),
  ),
  baseline: fc.option(
    fc.record({
      version: text(["2.2.0", "2.1.0"]),
      metrics: fc.array(metricValue(MANIFEST_FILE), { maxLength: 4 }),
    }),
    { nil: null },
  ),
});

const rule = fc.record(
  {
    name: fc.constantFrom("auc", "AUC*", "*", "f1", "loss", "latency*", "holdout auc", "{a,b}*"),
    direction: fc.constantFrom("higher", "lower"),
    min: number.filter(Number.isFinite),
    max: number.filter(Number.isFinite),
    max_drop: fc.double({ min: 0, max: 1, noNaN: true }),
    max_drop_pct: fc.double({ min: 0, max: 50, noNaN: true }),
    required: fc.boolean(),
    slices: fc.boolean(),
  },
  { requiredKeys: ["name"] },
);

const evaluation = fc.record({
  comparable_eval_data: fc.constantFrom("fail", "warn"),
  metrics: fc.uniqueArray(rule, { maxLength: 4, selector: (r) => r.name.toLowerCase() }),
  slices: fc.record({
    required: fc.array(fc.constantFrom("region=*", "segment=*", "REGION=EU", "x"), { maxLength: 2 }),
    max_drop: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
    min_n: fc.nat(1000),
  }),
  significance: fc.record({
    confidence: fc.option(fc.constantFrom(0.9, 0.95, 0.99), { nil: null }),
    when_unknown: fc.constantFrom("fail", "warn"),
    correction: fc.constantFrom("holm", "bh", "none"),
  }),
  default_rule: fc.option(
    fc.record(
      {
        max_drop_pct: fc.double({ min: 0, max: 50, noNaN: true }),
        confidence: fc.constantFrom(0.9, 0.95, 0.99),
      },
      { requiredKeys: [] },
    ),
    { nil: null },
  ),
});

const sameNumber = (a: number | null, b: number) => a !== null && Object.is(a, b);

describe("evaluationGate on random metric sets", () => {
  it("never throws, gives every run value exactly one row, in order, and only known findings", () => {
    fc.assert(
      fc.property(side, fc.option(side, { nil: null }), evaluation, (head, base, input) => {
        const parsed = Gates.safeParse({ evaluation: input });
        fc.pre(parsed.success);
        if (!parsed.success) return;
        const ctx = evalCtx(head, base);
        const r = evaluationGate(ctx, parsed.data);

        const runValues = ctx.manifest?.metrics ?? [];
        const headRows = r.metrics.filter((row) => row.head !== null);
        // The run's values come first and each has its row; a card value adds at most one.
        runValues.forEach((m, i) => {
          expect(sameNumber(headRows[i]?.head ?? null, m.value)).toBe(true);
          expect(headRows[i]?.slice).toBe(m.slice);
        });
        expect(headRows.length).toBeGreaterThanOrEqual(runValues.length);
        expect(headRows.length).toBeLessThanOrEqual(runValues.length + ctx.card.metrics.length);
        for (const row of r.metrics) {
          expect(row.model).toBe("fraud-detector");
          if (row.head === null) expect(row.base).not.toBeNull();
        }
        for (const f of r.findings) {
          expect(CODES.has(f.code)).toBe(true);
          expect(f).toMatchObject({ gate: "evaluation", model: "fraud-detector" });
          // Only eval.underpowered is a notice (SPEC §3.4).
          expect(f.severity === "notice").toBe(f.code === "eval.underpowered");
        }
      }),
      { numRuns: 500 },
    );
  });

  it("with the card silent, gives exactly one row per head value and one per vanished base value", () => {
    fc.assert(
      fc.property(
        fc.array(metricValue(MANIFEST_FILE), { maxLength: 20 }),
        fc.array(metricValue(MANIFEST_FILE), { maxLength: 20 }),
        (headRun, baseRun) => {
          const r = evaluationGate(evalCtx({ run: headRun }, { run: baseRun }), Gates.parse({}));
          expect(r.metrics.filter((row) => row.head !== null)).toHaveLength(headRun.length);
          const paired = r.metrics.filter((row) => row.head !== null && row.base !== null).length;
          expect(r.metrics.filter((row) => row.head === null)).toHaveLength(baseRun.length - paired);
        },
      ),
      { numRuns: 300 },
    );
  });
});
