import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalQuantile } from "../../../../src/core/gates/evaluation/normal-quantile.ts";
import { normalUpperTail } from "../../../../src/core/gates/stats/normal-upper-tail.ts";

// Known values of the standard normal: Abramowitz & Stegun (1964), table 26.1 and 26.2 (to their
// digits), and to 15 digits from the closed form Q(z) = erfc(z/√2)/2.
const TAIL: Array<{ z: number; q: number }> = [
  { z: 0, q: 0.5 },
  { z: 1, q: 0.158655253931457 },
  { z: 1.96, q: 0.0249978951482204 },
  { z: 3, q: 0.00134989803163009 },
  { z: 4, q: 3.16712418331199e-5 },
  { z: 6, q: 9.86587645037695e-10 },
  { z: 8.2, q: 1.20193515427357e-16 },
  { z: 10, q: 7.61985302416047e-24 },
  { z: 30, q: 4.90671392714791e-198 },
  { z: -1, q: 0.841344746068543 },
];

describe("normalUpperTail: the one-sided p-value P(Z > z)", () => {
  it.each(TAIL)("Q($z) = $q to 1e-6, and to 1e-8 relative", ({ z, q }) => {
    const got = normalUpperTail(z);
    expect(Math.abs(got - q)).toBeLessThan(1e-6);
    expect(Math.abs(got - q) / q).toBeLessThan(1e-8);
  });

  it("is 0 far in the tail, 1 far below, NaN for NaN", () => {
    expect(normalUpperTail(40)).toBe(0);
    expect(normalUpperTail(Infinity)).toBe(0);
    expect(normalUpperTail(-Infinity)).toBe(1);
    expect(normalUpperTail(Number.NaN)).toBeNaN();
  });

  it("is decreasing in z, and Q(z) + Q(−z) = 1", () => {
    const z = fc.double({ min: -12, max: 12, noNaN: true });
    fc.assert(
      fc.property(z, z, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(normalUpperTail(lo)).toBeGreaterThanOrEqual(normalUpperTail(hi));
        expect(normalUpperTail(a) + normalUpperTail(-a)).toBeCloseTo(1, 12);
      }),
    );
  });
});

describe("normalQuantile: the inverse of Φ", () => {
  it.each([
    { p: 0.95, z: 1.64485362695147 },
    { p: 0.975, z: 1.95996398454005 },
    { p: 0.99, z: 2.32634787404084 },
    { p: 0.995, z: 2.5758293035489 },
    { p: 1 - 0.05 / 210, z: 3.49380400394329 },
    { p: 1e-6, z: -4.7534243088229 },
    { p: 0.3, z: -0.524400512708041 },
  ])("Φ⁻¹($p) = $z to 1e-9", ({ p, z }) => {
    expect(Math.abs(normalQuantile(p) - z)).toBeLessThan(1e-9);
  });

  it("inverts the CDF: Φ(Φ⁻¹(p)) = Q(−Φ⁻¹(p)) = p, and is increasing in p", () => {
    const p = fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true });
    fc.assert(
      fc.property(p, p, (a, b) => {
        expect(Math.abs(normalUpperTail(-normalQuantile(a)) - a) / a).toBeLessThan(1e-8);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(normalQuantile(lo)).toBeLessThanOrEqual(normalQuantile(hi));
      }),
    );
  });
});
