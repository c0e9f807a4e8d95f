import { describe, expect, it } from "vitest";
import { EvaluationFamilies } from "../../../src/core/gates/evaluation/evaluation-families.ts";
import { evaluationGate } from "../../../src/core/gates/evaluation-gate.ts";
import type { MetricValue } from "../../../src/core/types.ts";
import { evalCtx, evalGates, run } from "./evaluation-builders.ts";

/**
 * SPEC §3.4 "many comparisons, one verdict": one model whose `acc` is reported on many slices,
 * each with n samples a side. Unchanged slices (0.8 → 0.8, z = 0) only make the family larger.
 * Tolerance 0.03 is beyond the 95 % interval of every n = 2000 difference (±0.025), so no
 * `eval.underpowered` muddles the codes unless a test asks for it.
 */
const RULE = { name: "acc", direction: "higher", max_drop: 0.03, slices: true } as const;
type Drop = { head: number; n?: number };

function family(size: number, drops: Drop[]) {
  const head: MetricValue[] = [];
  const base: MetricValue[] = [];
  for (let i = 0; i < size; i++) {
    const d = drops[i];
    const n = d?.n ?? 2000;
    head.push(run("acc", d?.head ?? 0.8, { slice: `segment=${i}`, n }));
    base.push(run("acc", 0.8, { slice: `segment=${i}`, n }));
  }
  return evalCtx({ run: head }, { run: base });
}

const gates = (correction: "holm" | "bh" | "none") =>
  evalGates({ metrics: [RULE], significance: { confidence: 0.95, correction } });
const codes = (ctx: ReturnType<typeof family>, correction: "holm" | "bh" | "none") =>
  evaluationGate(ctx, gates(correction))
    .findings.map((f) => f.code)
    .sort();

// 0.8 → 0.76 at n = 2000: z = 3.06, p = 0.0011. 0.8 → 0.72: z = 5.95, p = 1.4e-9.
const ALONE_ONLY: Drop = { head: 0.76 };
const ALWAYS: Drop = { head: 0.72 };
// 0.8 → 0.75 at n = 500: z = 1.90, p = 0.029 (and its interval, ±0.052, is wider than 0.03).
const WEAK: Drop = { head: 0.75, n: 500 };

describe("family-wise correction over a model's comparisons", () => {
  it.each([
    { name: "a drop alone, holm", size: 1, drops: [ALONE_ONLY], holm: ["eval.regression"] },
    {
      name: "the same drop in a family of 200, holm",
      size: 200,
      drops: [ALONE_ONLY],
      holm: ["eval.not-significant"],
    },
    { name: "a large drop in a family of 200, holm", size: 200, drops: [ALWAYS], holm: ["eval.regression"] },
    { name: "a large drop alone, holm", size: 1, drops: [ALWAYS], holm: ["eval.regression"] },
    { name: "no drop at all in a family of 200", size: 200, drops: [], holm: [] },
  ])("$name → $holm", ({ size, drops, holm }) => {
    expect(codes(family(size, drops), "holm")).toEqual(holm);
  });

  it("holm, bh and none differ as their definitions say", () => {
    // Ten drops with p = 0.0011 and a weak one with p = 0.029 among 200 comparisons.
    const ctx = family(200, [...Array(10).fill(ALONE_ONLY), WEAK]);
    const times = (n: number, code: string) => Array<string>(n).fill(code);
    // Holm's first step needs p ≤ 0.05/200 = 0.00025: nothing passes.
    expect(codes(ctx, "holm")).toEqual([...times(11, "eval.not-significant"), "eval.underpowered"]);
    // BH: p(10) = 0.0011 ≤ 10 × 0.05/200 = 0.0025, p(11) = 0.029 > 11 × 0.05/200.
    expect(codes(ctx, "bh")).toEqual([
      "eval.not-significant",
      ...times(10, "eval.regression"),
      "eval.underpowered",
    ]);
    // Each alone at 0.05: all eleven.
    expect(codes(ctx, "none")).toEqual([...times(11, "eval.regression"), "eval.underpowered"]);
  });

  it("says why a drop significant alone is not after the correction", () => {
    const r = evaluationGate(family(200, [ALONE_ONLY]), gates("holm"));
    const [f] = r.findings;
    expect(f?.code).toBe("eval.not-significant");
    expect(f?.severity).toBe("warning");
    expect(f?.message).toBe(
      "acc [segment=0] fell 0.04 (0.8 → 0.76); max_drop is 0.03; significant alone (z = 3.06, p = 0.00112 ≤ 0.05) but not after Holm's correction over 200 comparisons at 95 % (needs p ≤ 0.05/200 = 2.5e-4)",
    );
    expect(r.metrics[0]?.status).toBe("not-significant");
    expect(r.metrics[1]?.status).toBe("ok");
  });

  it("gives z, p, the family size and the threshold met", () => {
    const r = evaluationGate(family(200, [ALWAYS]), gates("holm"));
    expect(r.findings[0]?.message).toMatch(
      /; significant at 95 % after Holm's correction over 200 comparisons \(z = 5\.95, p = 1\.\d+e-9 ≤ 0\.05\/200 = 2\.5e-4\)$/,
    );
    expect(r.metrics[0]?.status).toBe("regression");
    const bh = evaluationGate(family(200, [ALWAYS, ALONE_ONLY]), gates("bh"));
    // BH: p(1) ≤ 1 × 0.05/200, but p(2) = 0.00112 > 2 × 0.05/200, so k = 1.
    expect(bh.findings.map((f) => f.message.split("; ").at(-1))).toEqual([
      expect.stringMatching(
        /^significant at 95 % after the Benjamini–Hochberg correction over 200 comparisons \(z = 5\.95, p = 1\.34e-9 ≤ 1 × 0\.05\/200 = 2\.5e-4\)$/,
      ),
      "significant alone (z = 3.06, p = 0.00112 ≤ 0.05) but not after the Benjamini–Hochberg correction over 200 comparisons at 95 % (needs p ≤ 2 × 0.05/200 = 5e-4)",
    ]);
  });

  it("counts comparisons within tolerance, and tests without n or ci not at all", () => {
    // 199 slices without n: not in the family, so the drop is tested alone.
    const ctx = family(200, [ALONE_ONLY]);
    for (const m of [...(ctx.manifest?.metrics ?? []), ...(ctx.baseManifest?.metrics ?? [])].slice(1))
      m.n = null;
    for (const m of (ctx.baseManifest?.metrics ?? []).slice(0, 1)) m.n = 2000;
    const families = new EvaluationFamilies();
    const r = evaluationGate(ctx, gates("holm"), families);
    const [summary] = families.decide();
    expect(summary).toMatchObject({ comparisons: 1, significant: 1, correctedAway: 0 });
    expect(r.findings.map((f) => f.code)).toEqual(["eval.regression"]);
  });
});

describe("one family across the models of a PR", () => {
  it("decides the drops of every model together, and only when asked", () => {
    const families = new EvaluationFamilies();
    // Model one: the drop and 99 unchanged slices; model two: 100 unchanged slices.
    const one = evaluationGate(family(100, [ALONE_ONLY]), gates("holm"), families);
    const two = evaluationGate(family(100, []), gates("holm"), families);
    expect(one.findings).toEqual([]);
    expect(one.metrics[0]?.status).toBe("regression"); // until the family decides
    const [summary] = families.decide();
    expect(summary).toMatchObject({ comparisons: 200, correction: "holm", significant: 0, correctedAway: 1 });
    expect(one.findings.map((f) => f.code)).toEqual(["eval.not-significant"]);
    expect(one.findings[0]?.message).toContain("Holm's correction over 200 comparisons");
    expect(one.metrics[0]?.status).toBe("not-significant");
    expect(two.findings).toEqual([]);
    // Deciding again changes nothing and reports the same.
    expect(families.decide()).toEqual([summary]);
    expect(one.findings).toHaveLength(1);
  });

  it("puts models under other settings in a family of their own", () => {
    const families = new EvaluationFamilies();
    evaluationGate(family(100, [ALONE_ONLY]), gates("holm"), families);
    evaluationGate(family(50, []), gates("none"), families);
    expect(families.decide().map((s) => [s.correction, s.comparisons])).toEqual([
      ["holm", 100],
      ["none", 50],
    ]);
  });
});

describe("eval.underpowered", () => {
  it("names the sample size a side that would make the tolerance detectable", () => {
    // 0.8 vs 0.8 at n = 500: SE = 0.0253, ±0.0496 > 0.03; n = 2 × 0.16 × (1.96 / 0.03)² = 1,366.
    const r = evaluationGate(family(1, [{ head: 0.8, n: 500 }]), gates("holm"));
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([["eval.underpowered", "notice"]]);
    expect(r.findings[0]?.message).toBe(
      "acc [segment=0]: the 95 % interval of the difference (±0.0496) is wider than its tolerance 0.03, so a drop of that size cannot be told from noise; about 1,370 a side would make it detectable at 95 %",
    );
  });

  it("one notice per metric, naming the widest and the family's stricter sample size", () => {
    const r = evaluationGate(family(20, Array(20).fill({ head: 0.8, n: 500 })), gates("holm"));
    const notices = r.findings.filter((f) => f.code === "eval.underpowered");
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toMatch(
      /^acc: 20 gated differences have a 95 % interval wider than their tolerance \(widest: acc \[segment=0\], ±0\.0496 against a tolerance 0\.03\), .*; about 1,370 a side would make each detectable at 95 % alone, about 2,810 a side in this family of 20 comparisons \(0\.05\/20\)$/,
    );
  });

  it("with intervals but no n, names the sample as a multiple of the current one", () => {
    // Each side's SE = 0.04 / 3.92 = 0.0102, the difference's 0.0144: ±0.0283 > 0.02; the sample
    // must grow by (1.96 × 0.0144 / 0.02)² = 2.0.
    const ci = (v: number): [number, number] => [v - 0.02, v + 0.02];
    const ctx = evalCtx(
      { run: [run("acc", 0.8, { ci: ci(0.8) })] },
      { run: [run("acc", 0.8, { ci: ci(0.8) })] },
    );
    const rule = { ...RULE, max_drop: 0.02 };
    const r = evaluationGate(ctx, evalGates({ metrics: [rule], significance: { confidence: 0.95 } }));
    expect(r.findings.map((f) => f.code)).toEqual(["eval.underpowered"]);
    expect(r.findings[0]?.message).toMatch(
      /; a sample about 2× the current one would make it detectable at 95 %$/,
    );
  });

  it("is not reported when the interval fits in the tolerance, or without the test", () => {
    expect(codes(family(5, []), "holm")).toEqual([]);
    const off = evalGates({ metrics: [RULE] });
    expect(evaluationGate(family(1, [{ head: 0.8, n: 500 }]), off).findings).toEqual([]);
  });
});
