import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { benjaminiHochberg } from "../../../../src/core/gates/stats/benjamini-hochberg.ts";
import { holm } from "../../../../src/core/gates/stats/holm.ts";

const rejected = (decisions: ReadonlyArray<{ rejected: boolean }>) =>
  decisions.flatMap((d, i) => (d.rejected ? [i] : []));

/**
 * Benjamini & Hochberg (1995) §4.1: the 15 p-values of a study of myocardial infarction
 * treatments. At q = 0.05 their procedure rejects the four smallest; a Bonferroni-type
 * procedure (Holm's, as the paper notes, and Hochberg's) rejects three.
 */
const BH_1995 = [
  0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528,
  0.759, 1.0,
];

describe("holm (Holm 1979)", () => {
  it("on Benjamini–Hochberg's 15 p-values rejects the three smallest", () => {
    const d = holm(BH_1995, 0.05);
    expect(rejected(d)).toEqual([0, 1, 2]);
    // The fourth, 0.0095, meets neither its step, 0.05/12, nor anything after it.
    expect(d[3]).toEqual({ rejected: false, rank: 4, threshold: 0.05 / 12 });
    expect(d[0]?.threshold).toBeCloseTo(0.05 / 15, 15);
  });

  it("the textbook example: 0.01, 0.03, 0.04, 0.005 at 0.05 rejects the first and the last", () => {
    // 0.005 ≤ 0.05/4, 0.01 ≤ 0.05/3, 0.03 > 0.05/2: stop; 0.04 stands although it is ≤ 0.05/1.
    const d = holm([0.01, 0.03, 0.04, 0.005], 0.05);
    expect(rejected(d)).toEqual([0, 3]);
    expect(d.map((x) => x.rank)).toEqual([2, 3, 4, 1]);
    expect(d[2]).toEqual({ rejected: false, rank: 4, threshold: 0.05 });
  });

  it("in a larger family (m beyond the p-values given) each step is stricter", () => {
    // Alone, 0.004 passes; among 200 tests (the other 199 above α) it needs ≤ 0.05/200.
    expect(holm([0.004], 0.05)[0]?.rejected).toBe(true);
    expect(holm([0.004], 0.05, 200)[0]).toEqual({ rejected: false, rank: 1, threshold: 0.05 / 200 });
    expect(holm([0.0002], 0.05, 200)[0]?.rejected).toBe(true);
  });

  it("ties share a rank and a verdict", () => {
    // 0.001 ≤ 0.05/3; the two 0.03 share rank 2 and its 0.05/2, which neither meets.
    const d = holm([0.03, 0.03, 0.001], 0.05);
    expect(d.map((x) => x.rank)).toEqual([2, 2, 1]);
    expect(rejected(d)).toEqual([2]);
    expect(rejected(holm([0.02, 0.02, 0.001], 0.05))).toEqual([0, 1, 2]);
  });
});

describe("benjaminiHochberg (Benjamini & Hochberg 1995)", () => {
  it("on the paper's 15 p-values rejects the four smallest at q = 0.05", () => {
    const d = benjaminiHochberg(BH_1995, 0.05);
    expect(rejected(d)).toEqual([0, 1, 2, 3]);
    // k = 4: p(4) = 0.0095 ≤ 4/15 × 0.05 = 0.01333, while p(5) = 0.0201 > 5/15 × 0.05.
    for (const i of [0, 1, 2, 3]) expect(d[i]?.threshold).toBeCloseTo((4 / 15) * 0.05, 15);
  });

  it("steps up: a p-value above its own rank's level is rejected when a later one passes", () => {
    // p(1) = 0.03 > 0.05/2, but p(2) = 0.04 ≤ 2 × 0.05/2: both rejected.
    expect(rejected(benjaminiHochberg([0.04, 0.03], 0.05))).toEqual([0, 1]);
    expect(rejected(holm([0.04, 0.03], 0.05))).toEqual([]);
  });

  it("rejects nothing when nothing passes, each p-value then measured against its rank's level", () => {
    const d = benjaminiHochberg([0.5, 0.2], 0.05, 10);
    expect(d.map((x) => [x.rejected, x.rank])).toEqual([
      [false, 2],
      [false, 1],
    ]);
    expect(d[0]?.threshold).toBeCloseTo(0.01, 15);
    expect(d[1]?.threshold).toBeCloseTo(0.005, 15);
  });
});

describe("properties of the corrections", () => {
  const pValues = fc.array(
    fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 0.01, noNaN: true })),
    { minLength: 1, maxLength: 40 },
  );
  const alpha = fc.constantFrom(0.01, 0.05, 0.1);
  const extra = fc.nat({ max: 300 });

  it("Holm never rejects more than the uncorrected test, and BH rejects at least what Holm does", () => {
    fc.assert(
      fc.property(pValues, alpha, extra, (p, a, more) => {
        const m = p.length + more;
        const h = holm(p, a, m);
        const b = benjaminiHochberg(p, a, m);
        p.forEach((value, i) => {
          if (h[i]?.rejected) expect(value).toBeLessThanOrEqual(a);
          if (b[i]?.rejected) expect(value).toBeLessThanOrEqual(a);
          if (h[i]?.rejected) expect(b[i]?.rejected).toBe(true);
        });
      }),
    );
  });

  it("is monotone in p: a smaller p-value is rejected whenever a larger one is", () => {
    fc.assert(
      fc.property(pValues, alpha, extra, (p, a, more) => {
        for (const decide of [holm, benjaminiHochberg]) {
          const d = decide(p, a, p.length + more);
          p.forEach((x, i) => {
            p.forEach((y, j) => {
              if (x <= y && d[j]?.rejected) expect(d[i]?.rejected).toBe(true);
            });
          });
        }
      }),
    );
  });

  it("lowering one p-value never turns a rejection into none (Holm and BH)", () => {
    fc.assert(
      fc.property(pValues, alpha, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (p, a, at, f) => {
        const i = at % p.length;
        const lowered = p.map((x, j) => (j === i ? x * f : x));
        for (const decide of [holm, benjaminiHochberg]) {
          const before = decide(p, a);
          const after = decide(lowered, a);
          before.forEach((d, j) => {
            if (d.rejected) expect(after[j]?.rejected).toBe(true);
          });
        }
      }),
    );
  });
});
