import { describe, expect, it } from "vitest";
import { EvaluationFamilies } from "../../../src/core/gates/evaluation/evaluation-families.ts";
import { evaluationGate } from "../../../src/core/gates/evaluation-gate.ts";
import { gatesForModel } from "../../../src/core/policy/gates-for-model.ts";
import { Policy } from "../../../src/core/policy/schema.ts";
import { renderMarkdown } from "../../../src/core/render/render-markdown.ts";
import { renderText } from "../../../src/core/render/render-text.ts";
import { reportJson } from "../../../src/core/render/report-json.ts";
import type { MetricStatus, MetricValue } from "../../../src/core/types.ts";
import { model } from "../engine/repo-builders.ts";
import { codesOf, runEngine } from "../engine/run-engine.ts";
import { type EvaluationInput, evalCtx, evalGates, run } from "./evaluation-builders.ts";

/** SPEC §3.4 `eval.unguarded-drop`: metrics no rule names are never silently "ok" when they got worse. */

interface Case {
  name: string;
  head: MetricValue[];
  base: MetricValue[];
  gates?: EvaluationInput;
  codes: string[];
  status: MetricStatus;
}

const evaluate = (c: Pick<Case, "head" | "base" | "gates">) =>
  evaluationGate(evalCtx({ run: c.head }, { run: c.base }), evalGates(c.gates));

const accuracy = (value: number, extra: Partial<MetricValue> = {}) => run("accuracy", value, extra);

describe("eval.unguarded-drop", () => {
  it.each<Case>([
    {
      name: "the issue's case: accuracy 0.943 → 0.882, no rules, no n",
      head: [accuracy(0.882)],
      base: [accuracy(0.943)],
      codes: ["eval.unguarded-drop"],
      status: "unguarded-drop",
    },
    {
      name: "no n or ci: a drop within max_drop_pct (1 % of 0.943 = 0.00943)",
      head: [accuracy(0.935)],
      base: [accuracy(0.943)],
      codes: [],
      status: "ok",
    },
    {
      name: "no n or ci: a drop just beyond max_drop_pct",
      head: [accuracy(0.933)],
      base: [accuracy(0.943)],
      codes: ["eval.unguarded-drop"],
      status: "unguarded-drop",
    },
    {
      name: "no n or ci: a larger max_drop_pct",
      head: [accuracy(0.933)],
      base: [accuracy(0.943)],
      gates: { default_rule: { max_drop_pct: 5 } },
      codes: [],
      status: "ok",
    },
    {
      name: "with n: a significant drop (0.943 → 0.935 at n = 52,000, z ≈ 5.4)",
      head: [accuracy(0.935, { n: 52000 })],
      base: [accuracy(0.943, { n: 52000 })],
      codes: ["eval.unguarded-drop"],
      status: "unguarded-drop",
    },
    {
      name: "with n: a large drop that is noise on 50 samples",
      head: [accuracy(0.9, { n: 50 })],
      base: [accuracy(0.943, { n: 50 })],
      codes: [],
      status: "ok",
    },
    {
      name: "with n on one side only: the test still runs",
      head: [accuracy(0.935, { n: 52000 })],
      base: [accuracy(0.943)],
      codes: ["eval.unguarded-drop"],
      status: "unguarded-drop",
    },
    {
      name: "with ci: the interval says the drop is noise",
      head: [accuracy(0.9, { ci: [0.8, 1.0] })],
      base: [accuracy(0.943, { ci: [0.85, 1.0] })],
      codes: [],
      status: "ok",
    },
    {
      name: "with ci: a tight interval makes a small drop real",
      head: [accuracy(0.94, { ci: [0.939, 0.941] })],
      base: [accuracy(0.943, { ci: [0.942, 0.944] })],
      codes: ["eval.unguarded-drop"],
      status: "unguarded-drop",
    },
    {
      name: "with n: significant at the default 95 % (z ≈ 1.85)",
      head: [accuracy(0.935, { n: 6000 })],
      base: [accuracy(0.943, { n: 6000 })],
      codes: ["eval.unguarded-drop"],
      status: "unguarded-drop",
    },
    {
      name: "with n: the same drop is not significant at 99 %",
      head: [accuracy(0.935, { n: 6000 })],
      base: [accuracy(0.943, { n: 6000 })],
      gates: { default_rule: { confidence: 0.99 } },
      codes: [],
      status: "ok",
    },
    {
      name: "an improvement",
      head: [accuracy(0.99)],
      base: [accuracy(0.943)],
      codes: [],
      status: "improved",
    },
    {
      name: "lower is better by its name: latency rose",
      head: [run("latency_p99_ms", 40)],
      base: [run("latency_p99_ms", 31)],
      codes: ["eval.unguarded-drop"],
      status: "unguarded-drop",
    },
    {
      name: "lower is better by its name: loss fell",
      head: [run("val_loss", 0.2)],
      base: [run("val_loss", 0.31)],
      codes: [],
      status: "improved",
    },
    {
      name: "default_rule null turns it off",
      head: [accuracy(0.5)],
      base: [accuracy(0.943)],
      gates: { default_rule: null },
      codes: [],
      status: "ok",
    },
    {
      name: "a rule naming the metric suppresses it, even one with only a bound",
      head: [accuracy(0.882)],
      base: [accuracy(0.943)],
      gates: { metrics: [{ name: "accuracy", direction: "higher", min: 0.8 }] },
      codes: [],
      status: "ok",
    },
    {
      name: "a rule naming the metric by glob suppresses it; its tolerance decides",
      head: [accuracy(0.882)],
      base: [accuracy(0.943)],
      gates: { metrics: [{ name: "acc*", direction: "higher", max_drop: 0.05 }] },
      codes: ["eval.regression"],
      status: "regression",
    },
    {
      name: "a rule for another metric does not",
      head: [accuracy(0.882), run("f1", 0.8)],
      base: [accuracy(0.943), run("f1", 0.8)],
      gates: { metrics: [{ name: "f1", direction: "higher", max_drop: 0.01 }] },
      codes: ["eval.unguarded-drop"],
      status: "unguarded-drop",
    },
    {
      name: "a slice of an unnamed metric, no slice tolerance",
      head: [accuracy(0.8, { slice: "region=EU" })],
      base: [accuracy(0.9, { slice: "region=EU" })],
      codes: ["eval.unguarded-drop"],
      status: "unguarded-drop",
    },
    {
      name: "a slice under slices.max_drop is guarded by it",
      head: [accuracy(0.89, { slice: "region=EU" })],
      base: [accuracy(0.9, { slice: "region=EU" })],
      gates: { slices: { max_drop: 0.02 } },
      codes: [],
      status: "ok",
    },
    {
      name: "a slice below min_n is reported, never gated",
      head: [accuracy(0.5, { slice: "region=EU", n: 10 })],
      base: [accuracy(0.9, { slice: "region=EU", n: 10 })],
      gates: { slices: { min_n: 100 } },
      codes: [],
      status: "low-n",
    },
  ])("$name → $codes", (c) => {
    const result = evaluate(c);
    expect(result.findings.map((f) => f.code).sort()).toEqual([...c.codes].sort());
    expect(result.metrics[0]?.status).toBe(c.status);
    for (const f of result.findings) if (f.code === "eval.unguarded-drop") expect(f.severity).toBe("warning");
  });

  it("names the metric, the drop, why it is beyond noise and the rule that would gate it", () => {
    const [finding] = evaluate({ head: [accuracy(0.882)], base: [accuracy(0.943)] }).findings;
    expect(finding).toMatchObject({ file: "models/fraud/experiment.yaml", line: 14, severity: "warning" });
    expect(finding?.message).toContain("accuracy fell 0.061 (0.943 → 0.882)");
    expect(finding?.message).toContain("default_rule.max_drop_pct (1 %");
    expect(finding?.message).toContain("{ name: accuracy, direction: higher");
    const [tested] = evaluate({
      head: [accuracy(0.935, { n: 52000 })],
      base: [accuracy(0.943, { n: 52000 })],
    }).findings;
    expect(tested?.message).toMatch(
      /^accuracy fell 0\.008 \(0\.943 → 0\.935\); significant at 95 % \(z = 5\.39, p = 3\.51e-8 ≤ 0\.05\), and no rule in gates\.evaluation\.metrics names it: add \{ name: accuracy, direction: higher, max_drop: … \} to gate it$/,
    );
  });

  it("a per-model override turns it off for the models it names", () => {
    const policy = Policy.parse({ models: { "fraud-*": { gates: { evaluation: { default_rule: null } } } } });
    const ctx = evalCtx({ run: [accuracy(0.882)] }, { run: [accuracy(0.943)] });
    expect(evaluationGate(ctx, gatesForModel(policy, "fraud-detector")).findings).toEqual([]);
    expect(evaluationGate(ctx, gatesForModel(policy, "churn")).findings.map((f) => f.code)).toEqual([
      "eval.unguarded-drop",
    ]);
  });

  it("an override that gives one key over default_rule null keeps the other's default", () => {
    const policy = Policy.parse({
      gates: { evaluation: { default_rule: null } },
      models: { "fraud-*": { gates: { evaluation: { default_rule: { max_drop_pct: 10 } } } } },
    });
    const gates = gatesForModel(policy, "fraud-detector");
    const significant = evalCtx(
      { run: [accuracy(0.935, { n: 52000 })] },
      { run: [accuracy(0.943, { n: 52000 })] },
    );
    expect(evaluationGate(significant, gates).findings.map((f) => f.code)).toEqual(["eval.unguarded-drop"]);
    const small = evalCtx({ run: [accuracy(0.9)] }, { run: [accuracy(0.943)] });
    expect(evaluationGate(small, gates).findings).toEqual([]);
  });
});

/**
 * SPEC §3.4 "many comparisons, one verdict" for metrics no rule names: every unguarded comparison
 * whose sides have n or ci is one test of the PR's family of unguarded tests, corrected by
 * `significance.correction` at `default_rule.confidence`, in a family apart from the gated one.
 * 0.8 → 0.76 at n = 2000 a side: z = 3.06, p = 0.00112 (significant alone at 95 %, not after
 * Holm over 200: 0.05/200 = 2.5e-4). 0.8 → 0.72: z = 5.95, p = 1.3e-9 (significant after both).
 */
describe("eval.unguarded-drop as one family of the PR's tests", () => {
  type Drop = { slice: number; head: number };
  const slices = (size: number, drops: Drop[], n: number | null = 2000) => {
    const head: MetricValue[] = [];
    const base: MetricValue[] = [];
    for (let i = 0; i < size; i++) {
      const h = drops.find((d) => d.slice === i)?.head ?? 0.8;
      head.push(run("acc", h, { slice: `segment=${i}`, n }));
      base.push(run("acc", 0.8, { slice: `segment=${i}`, n }));
    }
    return evalCtx({ run: head }, { run: base });
  };
  const correction = (c: "holm" | "bh" | "none") => ({ significance: { correction: c } });
  const ALONE = (slice: number) => ({ slice, head: 0.76 });
  const LARGE = (slice: number) => ({ slice, head: 0.72 });

  it.each<{
    name: string;
    size: number;
    drops: Drop[];
    gates?: EvaluationInput;
    codes: number;
    status: MetricStatus[];
  }>([
    {
      name: "a drop significant alone, alone",
      size: 1,
      drops: [ALONE(0)],
      codes: 1,
      status: ["unguarded-drop"],
    },
    {
      name: "the same drop among 200 unchanged unnamed slices, Holm (default)",
      size: 200,
      drops: [ALONE(0)],
      codes: 0,
      status: ["not-significant", "ok"],
    },
    {
      name: "the same drop among 200, correction: none",
      size: 200,
      drops: [ALONE(0)],
      gates: correction("none"),
      codes: 1,
      status: ["unguarded-drop", "ok"],
    },
    {
      name: "a large drop among 200, Holm",
      size: 200,
      drops: [LARGE(0)],
      codes: 1,
      status: ["unguarded-drop", "ok"],
    },
    {
      // BH: p(1) = 1.3e-9 ≤ 0.05/200, p(2..11) = 0.00112 ≤ 11 × 0.05/200 = 0.00275: all eleven.
      name: "one large and ten smaller drops among 200, BH",
      size: 200,
      drops: [LARGE(0), ...Array.from({ length: 10 }, (_, i) => ALONE(i + 1))],
      gates: correction("bh"),
      codes: 11,
      status: ["unguarded-drop", "unguarded-drop"],
    },
    {
      name: "the same, Holm: only the large one",
      size: 200,
      drops: [LARGE(0), ...Array.from({ length: 10 }, (_, i) => ALONE(i + 1))],
      codes: 1,
      status: ["unguarded-drop", "not-significant"],
    },
  ])("$name → $codes warnings", (c) => {
    const r = evaluationGate(slices(c.size, c.drops), evalGates(c.gates));
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual(
      Array(c.codes).fill(["eval.unguarded-drop", "warning"]),
    );
    expect(r.metrics.slice(0, c.status.length).map((m) => m.status)).toEqual(c.status);
  });

  it("values without n or ci are not in the family: they keep the max_drop_pct rule", () => {
    const families = new EvaluationFamilies();
    const r = evaluationGate(slices(200, [LARGE(0)], null), evalGates(), families);
    expect(families.decide()).toEqual([]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]?.message).toContain("more than default_rule.max_drop_pct (1 %");
  });

  it("says the family's size and the adjusted threshold", () => {
    const [f] = evaluationGate(slices(200, [LARGE(0)]), evalGates()).findings;
    expect(f?.message).toMatch(
      /^acc \[segment=0\] fell 0\.08 \(0\.8 → 0\.72\); significant at 95 % after Holm's correction over 200 comparisons \(z = 5\.95, p = 1\.\d+e-9 ≤ 0\.05\/200 = 2\.5e-4\), and no rule in gates\.evaluation\.metrics names it: add \{ name: acc, direction: higher, max_drop: … \} to gate it$/,
    );
  });

  it("spans the models of a PR, and never enters the gated family", () => {
    const families = new EvaluationFamilies();
    // A gated metric with a drop significant alone, and 150 + 50 unnamed slices across two models.
    const gated = evalCtx({ run: [run("auc", 0.76, { n: 2000 })] }, { run: [run("auc", 0.8, { n: 2000 })] });
    const withRule = evalGates({
      metrics: [{ name: "auc", direction: "higher", max_drop: 0.03 }],
      significance: { confidence: 0.95 },
    });
    const g = evaluationGate(gated, withRule, families);
    const one = evaluationGate(slices(150, [ALONE(0)]), withRule, families);
    const two = evaluationGate(slices(50, []), withRule, families);
    expect(one.metrics[0]?.status).toBe("unguarded-drop"); // until the family decides
    const summaries = families.decide();
    expect(summaries.map((s) => [s.kind, s.comparisons, s.significant, s.correctedAway])).toEqual([
      ["gated", 1, 1, 0],
      ["unguarded", 200, 0, 1],
    ]);
    // The gated drop is tested alone: 200 unnamed metrics do not weaken the rule the team wrote.
    expect(g.findings.map((f) => f.code)).toEqual(["eval.regression"]);
    expect(one.findings).toEqual([]);
    expect(one.metrics[0]?.status).toBe("not-significant");
    expect(two.findings).toEqual([]);
  });

  it("a default_rule.confidence of a models: override forms its own family", () => {
    const families = new EvaluationFamilies();
    evaluationGate(slices(10, []), evalGates(), families);
    evaluationGate(slices(5, []), evalGates({ default_rule: { confidence: 0.99 } }), families);
    expect(families.decide().map((s) => [s.kind, s.confidence, s.comparisons])).toEqual([
      ["unguarded", 0.95, 10],
      ["unguarded", 0.99, 5],
    ]);
  });
});

describe("eval.unguarded-drop through the engine, with the default policy", () => {
  it("warns, shows the row as a drop in every format, and never fails the check on its own", async () => {
    const base = model("models/a", { name: "a", auc: 0.943 });
    const head = model("models/a", { name: "a", auc: 0.882, version: "1.0.1" });
    const { report } = await runEngine({ base, head });
    expect(codesOf(report)).toEqual(["eval.unguarded-drop"]);
    expect(report.conclusion).toBe("success");
    expect(report.metrics).toMatchObject([
      { name: "auc", base: 0.943, head: 0.882, status: "unguarded-drop" },
    ]);
    expect(renderMarkdown(report)).toContain("| auc | 0.943 | 0.882 | −0.061 | ⚠️ dropped, no rule |");
    expect(renderText(report)).toMatch(/auc\s+0\.943\s+0\.882\s+−0\.061\s+unguarded-drop/);
    expect(reportJson(report).metrics[0]?.status).toBe("unguarded-drop");
  });
});
