import { describe, expect, it } from "vitest";
import { normalQuantile } from "../../../src/core/gates/evaluation/normal-quantile.ts";
import { significance } from "../../../src/core/gates/significance.ts";

describe("normalQuantile", () => {
  it.each([
    { p: 0.5, z: 0 },
    { p: 0.9, z: 1.2816 },
    { p: 0.95, z: 1.6449 },
    { p: 0.975, z: 1.96 },
    { p: 0.99, z: 2.3263 },
    { p: 0.999, z: 3.0902 },
    { p: 0.01, z: -2.3263 },
    { p: 1e-6, z: -4.7534 },
  ])("the $p quantile is $z", ({ p, z }) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 4);
  });

  it("is antisymmetric around 0.5 and NaN outside [0, 1]", () => {
    for (const p of [0.001, 0.02, 0.3, 0.49])
      expect(normalQuantile(1 - p)).toBeCloseTo(-normalQuantile(p), 9);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
    expect(normalQuantile(0)).toBe(-Infinity);
  });
});

const side = (value: number, n: number | null, ci: [number, number] | null = null) => ({ value, n, ci });

describe("significance", () => {
  it("takes each side's SE from its ci, (high − low) / 3.92, and adds the variances", () => {
    const r = significance(side(0.931, null, [0.921, 0.941]), side(0.943, null, [0.933, 0.953]), 0.012, 0.95);
    if (r === "unknown") throw new Error("expected a test");
    const se = Math.hypot(0.02 / 3.92, 0.02 / 3.92);
    expect(r.z).toBeCloseTo(0.012 / se, 9);
    expect(r.critical).toBeCloseTo(1.6449, 4);
  });

  it("takes the SE of a rate in [0, 1] from n, sqrt(p(1 − p)/n)", () => {
    const r = significance(side(0.931, 52000), side(0.943, 52000), 0.012, 0.99);
    if (r === "unknown") throw new Error("expected a test");
    const se = Math.sqrt((0.931 * 0.069) / 52000 + (0.943 * 0.057) / 52000);
    expect(r.z).toBeCloseTo(0.012 / se, 9);
    expect(r.critical).toBeCloseTo(2.3263, 4);
  });

  it("prefers ci to n, and mixes them across sides", () => {
    const r = significance(side(0.931, 100, [0.93, 0.932]), side(0.943, 52000), 0.012, 0.95);
    if (r === "unknown") throw new Error("expected a test");
    expect(r.z).toBeCloseTo(0.012 / Math.hypot(0.002 / 3.92, Math.sqrt((0.943 * 0.057) / 52000)), 9);
  });

  it.each([
    { name: "no n and no ci on either side", head: side(0.931, null), base: side(0.943, null) },
    { name: "n for a value outside [0, 1]", head: side(31, 5000), base: side(29, 5000) },
    { name: "n of zero", head: side(0.931, 0), base: side(0.943, 0) },
  ])("is unknown with $name", ({ head, base }) => {
    expect(significance(head, base, 0.012, 0.95)).toBe("unknown");
  });

  it("uses one side's variance when only that side has n (SPEC: unknown only when neither side does)", () => {
    const r = significance(side(0.931, 5000), side(0.943, null), 0.012, 0.95);
    expect(r).not.toBe("unknown");
    if (r === "unknown") return;
    expect(r.z).toBeCloseTo(0.012 / Math.sqrt((0.931 * 0.069) / 5000), 9);
  });

  it("calls any drop between two exact values significant", () => {
    const r = significance(side(0.5, null, [0.5, 0.5]), side(0.6, null, [0.6, 0.6]), 0.1, 0.95);
    expect(r !== "unknown" && r.z > r.critical).toBe(true);
  });
});
