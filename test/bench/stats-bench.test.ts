import { describe, expect, it } from "vitest";
import { seededRandom } from "../../bench/seeded-random.ts";
import { benchStats, CORRECTIONS, statsPolicyText } from "../../bench/stats-bench.ts";
import { STATS_SHAPE, simulatedPr } from "../../bench/stats-pr.ts";
import { EvaluationFamilies } from "../../src/core/gates/evaluation/evaluation-families.ts";
import { evaluationGate } from "../../src/core/gates/evaluation-gate.ts";
import { loadPolicy } from "../../src/core/policy/load-policy.ts";

// The simulation is a benchmark (npm run bench -- --stats); this checks its plumbing only, with
// a few seeded trials and nothing that depends on how the draws fall.
describe("the statistics simulation", () => {
  it("simulates 210 comparisons a PR and evaluates them as one family", () => {
    const ctx = simulatedPr(STATS_SHAPE, seededRandom(1), null);
    expect(ctx.card.metrics).toHaveLength(210);
    expect(ctx.baseCard?.metrics).toHaveLength(210);
    for (const m of ctx.card.metrics) {
      expect(m.n).toBe(2000);
      expect(Number.isInteger(m.value * 2000)).toBe(true);
    }
    const policy = loadPolicy(".github/modelgate.yml", statsPolicyText("holm")).policy;
    if (policy === null) throw new Error("invalid policy");
    const families = new EvaluationFamilies();
    evaluationGate(ctx, policy.gates, families);
    expect(families.decide()).toMatchObject([{ comparisons: 210, correction: "holm", confidence: 0.95 }]);
  });

  it("is reproducible from its seed, and orders the corrections as their definitions do", () => {
    const a = benchStats({ trials: 8, seed: 7 });
    expect(benchStats({ trials: 8, seed: 7 }).by_correction).toEqual(a.by_correction);
    expect(a.by_correction.map((r) => r.correction)).toEqual([...CORRECTIONS]);
    expect(a).toMatchObject({ correction: "holm", trials: 8, shape: { comparisons: 210, drop: 0.06 } });
    const [holm, bh, none] = a.by_correction;
    // Same PRs for all three: BH rejects at least what Holm does, and no correction at least what BH does.
    expect(bh?.false_alarm_rate).toBeGreaterThanOrEqual(holm?.false_alarm_rate ?? 1);
    expect(none?.false_alarm_rate).toBeGreaterThanOrEqual(bh?.false_alarm_rate ?? 1);
    expect(bh?.power).toBeGreaterThanOrEqual(holm?.power ?? 1);
    expect(none?.power).toBeGreaterThanOrEqual(bh?.power ?? 1);
  });
});
