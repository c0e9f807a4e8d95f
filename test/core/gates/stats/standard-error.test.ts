import { describe, expect, it } from "vitest";
import { differenceSe, significance } from "../../../../src/core/gates/significance.ts";
import { seFromCi, seFromN } from "../../../../src/core/gates/stats/standard-error.ts";

describe("seFromCi: SE = (high − low) / 3.92", () => {
  it.each([
    // Altman & Bland (BMJ 2011): a 95 % interval of width 3.92 SE.
    { low: 0.921, high: 0.941, se: 0.02 / 3.92 },
    { low: -1.96, high: 1.96, se: 1 },
    { low: 30, high: 32, se: 2 / 3.92 },
    { low: 0.5, high: 0.5, se: 0 },
  ])("[$low, $high] → $se", ({ low, high, se }) => {
    expect(seFromCi(low, high)).toBeCloseTo(se, 12);
  });

  it("refuses what is not an interval", () => {
    expect(seFromCi(0.6, 0.5)).toBeNull();
    expect(seFromCi(Number.NaN, 1)).toBeNull();
    expect(seFromCi(0, Infinity)).toBeNull();
  });
});

describe("seFromN: SE = sqrt(p(1 − p) / n)", () => {
  it.each([
    { p: 0.5, n: 100, se: 0.05 },
    { p: 0.8, n: 2000, se: Math.sqrt(0.16 / 2000) },
    { p: 0.943, n: 52000, se: 0.00101655 },
    { p: 0, n: 10, se: 0 },
  ])("p = $p, n = $n → $se", ({ p, n, se }) => {
    expect(Math.abs((seFromN(p, n) ?? Number.NaN) - se)).toBeLessThan(1e-6);
  });

  it("refuses a value outside [0, 1] and a sample that is not positive", () => {
    expect(seFromN(1.2, 100)).toBeNull();
    expect(seFromN(0.5, 0)).toBeNull();
    expect(seFromN(0.5, -3)).toBeNull();
  });
});

describe("the two-sample test of a drop", () => {
  const side = (value: number, n: number | null, ci: [number, number] | null = null) => ({ value, n, ci });

  it("adds the sides' variances and gives the per-sample variance for a sample size", () => {
    const d = differenceSe(side(0.8, 2000), side(0.86, 2000));
    const se = Math.sqrt(0.16 / 2000 + (0.86 * 0.14) / 2000);
    expect(d?.se).toBeCloseTo(se, 12);
    expect(d?.perUnit).toBeCloseTo(0.16 + 0.86 * 0.14, 12);
  });

  it("has no per-sample variance when a side has an interval but no n", () => {
    expect(differenceSe(side(0.8, null, [0.78, 0.82]), side(0.86, 2000))?.perUnit).toBeNull();
    expect(differenceSe(side(0.8, null), side(0.86, null))).toBeNull();
  });

  it("gives z, its one-sided p-value and the critical value alone", () => {
    // 0.06 on 0.86 vs 0.8 at n = 2000 a side: SE = sqrt((0.16 + 0.1204) / 2000) = 0.0118406,
    // z = 5.06731, p = 2.01741e-7.
    const t = significance(side(0.8, 2000), side(0.86, 2000), 0.06, 0.95);
    if (t === "unknown") throw new Error("known");
    expect(Math.abs(t.z - 5.0673073)).toBeLessThan(1e-6);
    expect(Math.abs(t.p - 2.017413e-7) / 2.017413e-7).toBeLessThan(1e-6);
    expect(t.critical).toBeCloseTo(1.644854, 6);
  });
});
