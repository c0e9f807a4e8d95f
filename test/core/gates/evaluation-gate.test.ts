import { describe, expect, it } from "vitest";
import { evaluationGate } from "../../../src/core/gates/evaluation-gate.ts";
import {
  cardValue,
  type EvaluationInput,
  evalCtx,
  evalGates,
  run,
  type SideSpec,
} from "./evaluation-builders.ts";

interface Case {
  name: string;
  head: SideSpec;
  base: SideSpec | null;
  gates?: EvaluationInput;
  codes: string[];
}

const codesOf = (c: Case) =>
  evaluationGate(evalCtx(c.head, c.base), evalGates(c.gates))
    .findings.map((f) => f.code)
    .sort();
const check = (cases: Case[]) =>
  it.each(cases)("$name → $codes", (c) => {
    expect(codesOf(c)).toEqual([...c.codes].sort());
  });

const AUC = { name: "auc", direction: "higher", max_drop: 0.005 } as const;
const LATENCY = { name: "latency_p99_ms", direction: "lower", max_drop: 2 } as const;
const aucDrop = (head: number, base = 0.943, extra = {}) => ({
  head: { run: [run("auc", head, extra)] },
  base: { run: [run("auc", base, extra)] },
});

describe("eval.regression: direction and tolerance", () => {
  check([
    {
      name: "higher-is-better drop beyond max_drop",
      ...aucDrop(0.931),
      gates: { metrics: [AUC] },
      codes: ["eval.regression"],
    },
    { name: "higher-is-better drop within max_drop", ...aucDrop(0.94), gates: { metrics: [AUC] }, codes: [] },
    {
      name: "a drop of exactly max_drop (float noise aside)",
      ...aucDrop(0.938),
      gates: { metrics: [AUC] },
      codes: [],
    },
    { name: "higher-is-better improvement", ...aucDrop(0.99), gates: { metrics: [AUC] }, codes: [] },
    {
      name: "lower-is-better rise beyond max_drop",
      head: { run: [run("latency_p99_ms", 35)] },
      base: { run: [run("latency_p99_ms", 31)] },
      gates: { metrics: [LATENCY] },
      codes: ["eval.regression"],
    },
    {
      name: "lower-is-better fall (an improvement)",
      head: { run: [run("latency_p99_ms", 20)] },
      base: { run: [run("latency_p99_ms", 31)] },
      gates: { metrics: [LATENCY] },
      codes: [],
    },
    {
      name: "a higher-is-better rule on a latency rise (the rule's direction wins)",
      head: { run: [run("latency_p99_ms", 35)] },
      base: { run: [run("latency_p99_ms", 31)] },
      gates: { metrics: [{ ...LATENCY, direction: "higher" }] },
      codes: [],
    },
    {
      name: "max_drop_pct exceeded (3 % of 100 > 2 %)",
      head: { run: [run("accuracy", 97)] },
      base: { run: [run("accuracy", 100)] },
      gates: { metrics: [{ name: "accuracy", direction: "higher", max_drop_pct: 2 }] },
      codes: ["eval.regression"],
    },
    {
      name: "max_drop_pct within (3 % of 100 < 5 %)",
      head: { run: [run("accuracy", 97)] },
      base: { run: [run("accuracy", 100)] },
      gates: { metrics: [{ name: "accuracy", direction: "higher", max_drop_pct: 5 }] },
      codes: [],
    },
    {
      name: "max_drop_pct is of |base| for a negative metric",
      head: { run: [run("reward", -10.5)] },
      base: { run: [run("reward", -10)] },
      gates: { metrics: [{ name: "reward", direction: "higher", max_drop_pct: 4 }] },
      codes: ["eval.regression"],
    },
    {
      name: "max_drop passes but max_drop_pct fails: one finding",
      head: { run: [run("accuracy", 97)] },
      base: { run: [run("accuracy", 100)] },
      gates: { metrics: [{ name: "accuracy", direction: "higher", max_drop: 5, max_drop_pct: 1 }] },
      codes: ["eval.regression"],
    },
    {
      name: "a rule with a direction but no tolerance",
      ...aucDrop(0.5),
      gates: { metrics: [{ name: "auc", direction: "higher" }] },
      codes: [],
    },
    {
      name: "a metric no rule names: a warning, not a regression",
      ...aucDrop(0.5),
      gates: { metrics: [{ ...AUC, name: "f1" }] },
      codes: ["eval.unguarded-drop"],
    },
    {
      name: "a metric no rule names, default_rule null",
      ...aucDrop(0.5),
      gates: { metrics: [{ ...AUC, name: "f1" }], default_rule: null },
      codes: [],
    },
    {
      name: "a glob rule name, case-insensitively",
      head: { run: [run("AUC_roc", 0.9)] },
      base: { run: [run("AUC_roc", 0.95)] },
      gates: { metrics: [{ ...AUC, name: "auc*" }] },
      codes: ["eval.regression"],
    },
    {
      name: "a rule naming the card metric's name rather than its type",
      head: { card: [cardValue("roc_auc", 0.9, { name: "Validation AUC" })], run: null },
      base: { card: [cardValue("roc_auc", 0.95, { name: "Validation AUC" })], run: null },
      gates: { metrics: [{ ...AUC, name: "validation auc" }] },
      codes: ["eval.regression"],
    },
    {
      name: "a drop on the overall value only: a slice is not gated without slices: true",
      head: { run: [run("auc", 0.943), run("auc", 0.8, { slice: "region=EU" })] },
      base: { run: [run("auc", 0.943), run("auc", 0.95, { slice: "region=EU" })] },
      gates: { metrics: [AUC] },
      codes: [],
    },
    {
      name: "rule slices: true gates every slice too",
      head: { run: [run("auc", 0.943), run("auc", 0.8, { slice: "region=EU" })] },
      base: { run: [run("auc", 0.943), run("auc", 0.95, { slice: "region=EU" })] },
      gates: { metrics: [{ ...AUC, slices: true }] },
      codes: ["eval.regression"],
    },
    {
      name: "values paired across reordered lists",
      head: { run: [run("f1", 0.5), run("auc", 0.931)] },
      base: { run: [run("auc", 0.943), run("f1", 0.5)] },
      gates: { metrics: [AUC] },
      codes: ["eval.regression"],
    },
    {
      name: "different splits are not paired",
      head: { run: [run("auc", 0.931, { split: "test" })] },
      base: { run: [run("auc", 0.943, { split: "validation" }), run("auc", 0.9, { split: "test" })] },
      gates: { metrics: [AUC] },
      codes: [],
    },
  ]);
});

describe("eval.not-significant: the z-test at significance.confidence", () => {
  const sig = (when_unknown: "fail" | "warn" = "fail") => ({
    metrics: [AUC],
    significance: { confidence: 0.95, when_unknown },
  });
  check([
    {
      name: "significant with large n",
      ...aucDrop(0.931, 0.943, { n: 52000 }),
      gates: sig(),
      codes: ["eval.regression"],
    },
    {
      name: "not significant with small n",
      ...aucDrop(0.931, 0.943, { n: 500 }),
      gates: sig(),
      codes: ["eval.not-significant", "eval.underpowered"],
    },
    {
      name: "unknown (no n, no ci), when_unknown fail",
      ...aucDrop(0.931),
      gates: sig("fail"),
      codes: ["eval.regression"],
    },
    {
      name: "unknown, when_unknown warn",
      ...aucDrop(0.931),
      gates: sig("warn"),
      codes: ["eval.not-significant"],
    },
    {
      // SPEC §3.4: unknown only when neither side gives n or ci; one side's variance still counts.
      name: "one side's n is enough: a large drop is significant",
      head: { run: [run("auc", 0.931, { n: 52000 })] },
      base: { run: [run("auc", 0.943)] },
      gates: sig("warn"),
      codes: ["eval.regression"],
    },
    {
      name: "one side's n is enough: a small drop on small n is not significant",
      head: { run: [run("auc", 0.931, { n: 200 })] },
      base: { run: [run("auc", 0.943)] },
      gates: sig("fail"),
      codes: ["eval.not-significant", "eval.underpowered"],
    },
    {
      name: "ci-based SE, narrow intervals: significant",
      head: { run: [run("auc", 0.931, { ci: [0.921, 0.941] })] },
      base: { run: [run("auc", 0.943, { ci: [0.933, 0.953] })] },
      gates: sig(),
      codes: ["eval.regression", "eval.underpowered"],
    },
    {
      name: "ci-based SE, wide intervals: not significant",
      head: { run: [run("auc", 0.931, { ci: [0.911, 0.951] })] },
      base: { run: [run("auc", 0.943, { ci: [0.923, 0.963] })] },
      gates: sig(),
      codes: ["eval.not-significant", "eval.underpowered"],
    },
    {
      name: "ci-based SE for a metric outside [0, 1]",
      head: { run: [run("latency_p99_ms", 35, { ci: [34, 36] })] },
      base: { run: [run("latency_p99_ms", 31, { ci: [30, 32] })] },
      gates: { metrics: [LATENCY], significance: { confidence: 0.95 } },
      codes: ["eval.regression"],
    },
    {
      name: "within tolerance: no test, no finding",
      ...aucDrop(0.94, 0.943, { n: 500 }),
      gates: sig(),
      codes: ["eval.underpowered"],
    },
    {
      name: "an improvement: no finding",
      ...aucDrop(0.96, 0.943, { n: 500 }),
      gates: sig(),
      codes: ["eval.underpowered"],
    },
  ]);

  it("reports not-significant as a warning with the z statistic", () => {
    const c = aucDrop(0.931, 0.943, { n: 500 });
    const [f] = evaluationGate(evalCtx(c.head, c.base), evalGates(sig())).findings;
    expect(f?.severity).toBe("warning");
    expect(f?.message).toMatch(
      /^auc fell 0\.012 \(0\.943 → 0\.931\); max_drop is 0\.005; not significant at 95 % \(z = 0\.78, p = 0\.217 > 0\.05\)$/,
    );
  });
});

describe("eval.not-comparable: the eval data changed", () => {
  const newEval = { eval: { version: "2026-12-01" } };
  const drop = (head: SideSpec = {}, base: SideSpec = {}): Pick<Case, "head" | "base"> => ({
    head: { run: [run("auc", 0.931)], data: newEval, ...head },
    base: { run: [run("auc", 0.943)], ...base },
  });
  check([
    {
      name: "same data: the regression is computed",
      ...aucDrop(0.931),
      gates: { metrics: [AUC] },
      codes: ["eval.regression"],
    },
    { name: "new eval version, fail", ...drop(), gates: { metrics: [AUC] }, codes: ["eval.not-comparable"] },
    {
      name: "new eval version, warn",
      ...drop(),
      gates: { metrics: [AUC], comparable_eval_data: "warn" },
      codes: ["eval.not-comparable"],
    },
    {
      // SPEC §3.4: "otherwise this finding is an error" — the run must carry a re-scored baseline.
      name: "new eval version and no baseline block, even with no tolerance",
      ...drop(),
      gates: {},
      codes: ["eval.not-comparable"],
    },
    {
      name: "new eval version, a metric new at head only: nothing to compare",
      ...drop({ run: [run("f1", 0.5)] }, { run: [run("auc", 0.943)] }),
      gates: {},
      codes: [],
    },
    {
      name: "new eval version, a slice tolerance depends on it",
      ...drop(
        { run: [run("auc", 0.931, { slice: "region=EU" })] },
        { run: [run("auc", 0.943, { slice: "region=EU" })] },
      ),
      gates: { slices: { max_drop: 0.5 } },
      codes: ["eval.not-comparable"],
    },
    {
      name: "new eval version: one finding for many values",
      ...drop({ run: [run("auc", 0.931), run("f1", 0.5)] }, { run: [run("auc", 0.943), run("f1", 0.9)] }),
      gates: { metrics: [AUC, { ...AUC, name: "f1" }] },
      codes: ["eval.not-comparable"],
    },
    {
      name: "new eval sha256",
      ...drop({ data: { eval: { sha256: "b".repeat(64) } } }),
      gates: { metrics: [AUC] },
      codes: ["eval.not-comparable"],
    },
    {
      name: "renamed eval dataset",
      ...drop({ data: { eval: { name: "transactions-holdout-v2" } } }),
      gates: { metrics: [AUC] },
      codes: ["eval.not-comparable"],
    },
    {
      name: "a baseline block for the base version: regression against it",
      ...drop({ baseline: { version: "2.2.0", metrics: [run("auc", 0.938, { line: 21 })] } }),
      gates: { metrics: [AUC] },
      codes: ["eval.regression"],
    },
    {
      name: "a baseline block for the base version: within tolerance of it",
      ...drop({ baseline: { version: "2.2.0", metrics: [run("auc", 0.935)] } }),
      gates: { metrics: [AUC] },
      codes: [],
    },
    {
      name: "a baseline block for the base version without the gated metric",
      ...drop({ baseline: { version: "2.2.0", metrics: [run("f1", 0.9)] } }),
      gates: { metrics: [AUC] },
      codes: ["eval.not-comparable"],
    },
    {
      name: "a baseline block without a metric no tolerance depends on",
      ...drop(
        {
          run: [run("auc", 0.931), run("f1", 0.5)],
          baseline: { version: "2.2.0", metrics: [run("auc", 0.935)] },
        },
        { run: [run("auc", 0.943), run("f1", 0.9)] },
      ),
      gates: { metrics: [AUC] },
      codes: [],
    },
    {
      name: "a baseline block of another version",
      ...drop({ baseline: { version: "2.1.0", metrics: [run("auc", 0.935)] } }),
      gates: { metrics: [AUC] },
      codes: ["eval.not-comparable"],
    },
    {
      name: "only the data a metric was scored on counts",
      head: {
        run: [run("auc", 0.931), run("auc", 0.5, { dataset: "eu-holdout" })],
        dataKeys: ["eval", "eval_eu"],
        data: { eval_eu: { name: "eu-holdout", version: "2" } },
      },
      base: {
        run: [run("auc", 0.943), run("auc", 0.9, { dataset: "eu-holdout" })],
        dataKeys: ["eval", "eval_eu"],
        data: { eval_eu: { name: "eu-holdout", version: "1" } },
      },
      gates: { metrics: [AUC] },
      codes: ["eval.regression", "eval.not-comparable"],
    },
    {
      name: "no base manifest: compared as they are",
      head: { run: [run("auc", 0.931)], data: newEval },
      base: { card: [run("auc", 0.943)], run: null },
      gates: { metrics: [AUC] },
      codes: ["eval.regression"],
    },
  ]);

  it("is an error under fail and a warning under warn, on the head's data line", () => {
    const c = drop();
    const fail = evaluationGate(evalCtx(c.head, c.base), evalGates({ metrics: [AUC] })).findings;
    const warn = evaluationGate(
      evalCtx(c.head, c.base),
      evalGates({ metrics: [AUC], comparable_eval_data: "warn" }),
    ).findings;
    expect(fail.map((f) => [f.severity, f.file, f.line])).toEqual([
      ["error", "models/fraud/experiment.yaml", 8],
    ]);
    expect(warn.map((f) => f.severity)).toEqual(["warning"]);
    expect(fail[0]?.message).toContain("version 2026-11-01 → 2026-12-01");
  });

  it("shows a small slice against the baseline block too, not against the old eval data", () => {
    const eu = { slice: "region=APAC", n: 40 };
    const c = drop(
      { run: [run("auc", 0.874, eu)], baseline: { version: "2.2.0", metrics: [run("auc", 0.899, eu)] } },
      { run: [run("auc", 0.902, eu)] },
    );
    const r = evaluationGate(evalCtx(c.head, c.base), evalGates({ slices: { min_n: 1000 } }));
    expect(r.metrics).toMatchObject([{ slice: "region=APAC", base: 0.899, head: 0.874, status: "low-n" }]);
  });

  it("says in a note when the baseline block stands in", () => {
    const c = drop({ baseline: { version: "2.2.0", metrics: [run("auc", 0.935)] } });
    const r = evaluationGate(evalCtx(c.head, c.base), evalGates({ metrics: [AUC] }));
    expect(r.notes.some((n) => n.includes("baseline block (2.2.0 re-scored on the new data)"))).toBe(true);
    expect(r.metrics).toMatchObject([{ base: 0.935, head: 0.931, status: "ok" }]);
  });
});

describe("eval.missing-metric, eval.below-min, eval.above-max", () => {
  const one = (m = run("auc", 0.931)) => ({ head: { run: [m] }, base: null });
  check([
    {
      name: "a required metric absent",
      ...one(run("f1", 0.5)),
      gates: { metrics: [{ name: "auc", required: true }] },
      codes: ["eval.missing-metric"],
    },
    {
      name: "a required metric present",
      ...one(),
      gates: { metrics: [{ name: "auc", required: true }] },
      codes: [],
    },
    {
      name: "a required metric present only as a slice",
      ...one(run("auc", 0.9, { slice: "region=EU" })),
      gates: { metrics: [{ name: "auc", required: true }] },
      codes: ["eval.missing-metric"],
    },
    {
      name: "a required glob matched by a card value",
      head: { card: [cardValue("auc_roc", 0.9)], run: [] },
      base: null,
      gates: { metrics: [{ name: "AUC*", required: true }] },
      codes: [],
    },
    {
      name: "below min",
      ...one(),
      gates: { metrics: [{ name: "auc", direction: "higher", min: 0.95 }] },
      codes: ["eval.below-min"],
    },
    {
      name: "at min",
      ...one(run("auc", 0.95)),
      gates: { metrics: [{ name: "auc", direction: "higher", min: 0.95 }] },
      codes: [],
    },
    {
      name: "above max",
      ...one(run("latency_p99_ms", 40)),
      gates: { metrics: [{ name: "latency*", direction: "lower", max: 35 }] },
      codes: ["eval.above-max"],
    },
    {
      name: "within max",
      ...one(run("latency_p99_ms", 30)),
      gates: { metrics: [{ name: "latency*", direction: "lower", max: 35 }] },
      codes: [],
    },
    {
      name: "a slice below min without slices: true",
      ...one(run("auc", 0.5, { slice: "region=EU" })),
      gates: { metrics: [{ name: "auc", direction: "higher", min: 0.9 }] },
      codes: [],
    },
    {
      name: "a slice below min with slices: true",
      ...one(run("auc", 0.5, { slice: "region=EU" })),
      gates: { metrics: [{ name: "auc", direction: "higher", min: 0.9, slices: true }] },
      codes: ["eval.below-min"],
    },
    {
      name: "bounds still apply when the eval data changed",
      head: { run: [run("auc", 0.5)], data: { eval: { version: "2026-12-01" } } },
      base: { run: [run("auc", 0.943)] },
      gates: { metrics: [{ ...AUC, min: 0.9 }] },
      codes: ["eval.below-min", "eval.not-comparable"],
    },
  ]);
});

describe("slices: eval.missing-slice and eval.slice-regression", () => {
  const eu = (head: number, base: number, type = "auc", extra = {}) => ({
    head: { run: [run(type, head, { slice: "region=EU", n: 12000, ...extra })] },
    base: { run: [run(type, base, { slice: "region=EU", n: 12000, ...extra })] },
  });
  check([
    {
      name: "a required slice glob matched",
      ...eu(0.9, 0.9),
      gates: { slices: { required: ["region=*"] } },
      codes: [],
    },
    {
      name: "a required slice matched case-insensitively",
      ...eu(0.9, 0.9),
      gates: { slices: { required: ["REGION=eu"] } },
      codes: [],
    },
    {
      name: "a required slice missing",
      ...eu(0.9, 0.9),
      gates: { slices: { required: ["region=*", "segment=*"] } },
      codes: ["eval.missing-slice"],
    },
    {
      name: "no slices at all",
      head: { run: [run("auc", 0.9)] },
      base: null,
      gates: { slices: { required: ["region=*"] } },
      codes: ["eval.missing-slice"],
    },
    {
      name: "a slice drop beyond slices.max_drop",
      ...eu(0.92, 0.95),
      gates: { slices: { max_drop: 0.02 } },
      codes: ["eval.slice-regression"],
    },
    {
      name: "a slice drop within slices.max_drop",
      ...eu(0.94, 0.95),
      gates: { slices: { max_drop: 0.02 } },
      codes: [],
    },
    { name: "a slice improvement", ...eu(0.99, 0.95), gates: { slices: { max_drop: 0.02 } }, codes: [] },
    {
      name: "slices.max_drop null: no slice regression",
      ...eu(0.5, 0.95),
      gates: {},
      codes: ["eval.unguarded-drop"],
    },
    {
      name: "slices.max_drop null, default_rule null",
      ...eu(0.5, 0.95),
      gates: { default_rule: null },
      codes: [],
    },
    {
      name: "an overall drop is not a slice drop",
      ...aucDrop(0.5),
      gates: { slices: { max_drop: 0.02 }, default_rule: null },
      codes: [],
    },
    {
      name: "a small slice (n < min_n) is never gated",
      ...eu(0.5, 0.95, "auc", { n: 50 }),
      gates: { metrics: [{ ...AUC, slices: true, min: 0.9 }], slices: { max_drop: 0.02, min_n: 100 } },
      codes: [],
    },
    {
      name: "a slice at min_n is gated",
      ...eu(0.5, 0.95, "auc", { n: 100 }),
      gates: { slices: { max_drop: 0.02, min_n: 100 } },
      codes: ["eval.slice-regression"],
    },
    {
      name: "no rule: a latency rising is worse (by its name)",
      ...eu(40, 30, "latency_ms"),
      gates: { slices: { max_drop: 2 } },
      codes: ["eval.slice-regression"],
    },
    {
      name: "no rule: an error rate falling is better",
      ...eu(0.01, 0.05, "error_rate"),
      gates: { slices: { max_drop: 0.02 } },
      codes: [],
    },
    {
      name: "a rule's direction wins over the name",
      ...eu(0.3, 0.1, "calibration"),
      gates: { metrics: [{ name: "calibration", direction: "lower" }], slices: { max_drop: 0.02 } },
      codes: ["eval.slice-regression"],
    },
    {
      name: "a significance test on a small slice",
      ...eu(0.92, 0.95, "auc", { n: 200 }),
      gates: { slices: { max_drop: 0.02 }, significance: { confidence: 0.95 } },
      codes: ["eval.not-significant", "eval.underpowered"],
    },
  ]);
});

describe("eval.card-mismatch", () => {
  const withCard = (card: ReturnType<typeof cardValue>[], runs = [run("auc", 0.943)]) => ({
    head: { card, run: runs },
    base: { card, run: runs },
  });
  check([
    {
      name: "the card disagrees with the run",
      ...withCard([cardValue("auc", 0.95)]),
      codes: ["eval.card-mismatch"],
    },
    { name: "the card agrees", ...withCard([cardValue("auc", 0.943)]), codes: [] },
    { name: "the card agrees within 1e-9", ...withCard([cardValue("auc", 0.943 * (1 + 1e-12))]), codes: [] },
    {
      name: "the card names the metric by its display name",
      ...withCard([cardValue("roc_auc", 0.95, { name: "AUC" })]),
      codes: ["eval.card-mismatch"],
    },
    {
      name: "the card's value is for another dataset of the manifest",
      head: {
        card: [cardValue("auc", 0.95, { dataset: "other-holdout" })],
        run: [run("auc", 0.943)],
        data: { other: { name: "other-holdout" } },
      },
      base: {
        card: [cardValue("auc", 0.95, { dataset: "other-holdout" })],
        run: [run("auc", 0.943)],
        data: { other: { name: "other-holdout" } },
      },
      codes: [],
    },
    {
      // The card names the run's eval data for people; the manifest does not know that name.
      name: "the card's dataset is a name the manifest does not know, and the value differs",
      ...withCard([cardValue("auc", 0.95, { dataset: "Holdout (November)" })]),
      codes: ["eval.card-mismatch"],
    },
    {
      name: "the card's value is for a slice the run lacks",
      ...withCard([cardValue("auc", 0.95, { slice: "region=EU" })]),
      codes: [],
    },
    {
      name: "one of two card splits agrees",
      ...withCard([
        cardValue("auc", 0.95, { split: "validation" }),
        cardValue("auc", 0.943, { split: "test" }),
      ]),
      codes: ["eval.card-mismatch"],
    },
  ]);

  it("shows a value once when the card repeats the run's under a display name for the dataset", () => {
    const c = withCard([cardValue("auc", 0.943, { dataset: "Transactions holdout (Nov)" })]);
    const result = evaluationGate(evalCtx(c.head, c.base), evalGates());
    expect(result.findings).toEqual([]);
    expect(result.metrics.filter((m) => m.name === "auc")).toHaveLength(1);
  });

  it("points at the card's line and names both values", () => {
    const c = withCard([cardValue("auc", 0.95)]);
    const [f] = evaluationGate(evalCtx(c.head, null), evalGates()).findings;
    expect(f).toMatchObject({
      code: "eval.card-mismatch",
      severity: "error",
      file: "models/fraud/MODEL_CARD.md",
      line: 30,
    });
    expect(f?.message).toBe("auc: the card says 0.95, the run says 0.943 (models/fraud/experiment.yaml:14)");
  });
});

describe("no baseline", () => {
  check([
    {
      name: "a new model: tolerances do not apply",
      head: { run: [run("auc", 0.5)] },
      base: null,
      gates: { metrics: [AUC] },
      codes: [],
    },
    {
      name: "a new model: bounds apply",
      head: { run: [run("auc", 0.5)] },
      base: null,
      gates: { metrics: [{ ...AUC, min: 0.9 }] },
      codes: ["eval.below-min"],
    },
    {
      name: "the base has no value for the metric",
      head: { run: [run("auc", 0.5)] },
      base: { run: [run("f1", 0.9)] },
      gates: { metrics: [AUC] },
      codes: [],
    },
  ]);

  it("says so in the notes", () => {
    const fresh = evaluationGate(evalCtx({ run: [run("auc", 0.5)] }, null), evalGates({ metrics: [AUC] }));
    expect(fresh.notes).toEqual(["no baseline (new model): absolute bounds only"]);
    const gone = evaluationGate(
      evalCtx({ run: [run("auc", 0.5)] }, { run: [] }),
      evalGates({ metrics: [AUC] }),
    );
    expect(gone.notes).toEqual(["no baseline for auc: absolute bounds only"]);
  });
});

describe("findings", () => {
  it("carry the gate, the model, the head value's file and line, and the numbers", () => {
    const c = aucDrop(0.931, 0.943, { line: 17 });
    const r = evaluationGate(evalCtx(c.head, c.base), evalGates({ metrics: [AUC] }));
    expect(r.findings).toEqual([
      {
        gate: "evaluation",
        code: "eval.regression",
        severity: "error",
        model: "fraud-detector",
        file: "models/fraud/experiment.yaml",
        line: 17,
        message: "auc fell 0.012 (0.943 → 0.931); max_drop is 0.005",
      },
    ]);
  });

  it("name the tolerance that was exceeded, in percent and in units", () => {
    const r = evaluationGate(
      evalCtx({ run: [run("latency_p99_ms", 35)] }, { run: [run("latency_p99_ms", 31)] }),
      evalGates({ metrics: [{ name: "latency*", direction: "lower", max_drop_pct: 10 }] }),
    );
    expect(r.findings.map((f) => f.message)).toEqual([
      "latency_p99_ms rose 4 (31 → 35); max_drop_pct is 10 % (3.1)",
    ]);
  });

  it("point a missing metric or slice at the manifest's metrics list, else the card's model-index", () => {
    const gates = evalGates({
      metrics: [{ name: "f1", required: true }],
      slices: { required: ["region=*"] },
    });
    const withRun = evaluationGate(evalCtx({ run: [] }, null), gates).findings;
    expect(withRun.map((f) => [f.code, f.file, f.line])).toEqual([
      ["eval.missing-metric", "models/fraud/experiment.yaml", 13],
      ["eval.missing-slice", "models/fraud/experiment.yaml", 13],
    ]);
    const cardOnly = evaluationGate(evalCtx({ run: null }, null), gates).findings;
    expect(cardOnly.map((f) => [f.file, f.line])).toEqual([
      ["models/fraud/MODEL_CARD.md", 12],
      ["models/fraud/MODEL_CARD.md", 12],
    ]);
  });
});
