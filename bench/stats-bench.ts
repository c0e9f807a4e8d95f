import { EvaluationFamilies } from "../src/core/gates/evaluation/evaluation-families.ts";
import { evaluationGate } from "../src/core/gates/evaluation-gate.ts";
import { gatesForModel } from "../src/core/policy/gates-for-model.ts";
import { loadPolicy } from "../src/core/policy/load-policy.ts";
import type { Policy } from "../src/core/policy/schema.ts";
import { seededRandom } from "./seeded-random.ts";
import { dropLabel, type RealDrop, STATS_SHAPE, type StatsShape, simulatedPr } from "./stats-pr.ts";

export const CORRECTIONS = ["holm", "bh", "none"] as const;
export type CorrectionName = (typeof CORRECTIONS)[number];

/**
 * The simulated PR's policy: one rule with a tolerance for every metric, applied to every slice,
 * and the significance test at 95 % — what a team that gates per slice would write. max_drop 0.02
 * is tighter than the 0.06 drop to be caught and loose enough not to fail on every wobble; at
 * n = 2,000 a side it is also below the 95 % interval of most differences (±0.02–0.03), so the
 * PRs carry `eval.underpowered` notices, as they should.
 */
export const statsPolicyText = (correction: CorrectionName): string => `version: 1
gates:
  evaluation:
    metrics:
      - { name: "metric_*", direction: higher, max_drop: 0.02, slices: true }
    significance: { confidence: 0.95, correction: ${correction} }
`;

export interface CorrectionStats {
  correction: CorrectionName;
  /** Share of PRs with no real change that fail (any error finding). */
  false_alarm_rate: number;
  /** Share of PRs with one real drop that fail with an error naming the dropped slice. */
  power: number;
  /** Share of PRs with one real drop that fail at all (naming it or not). */
  fail_rate_with_drop: number;
  trials: number;
  /** Half-width of the 95 % interval of each rate (normal approximation). */
  margin: { false_alarm_rate: number; power: number };
}

export interface StatsResult extends CorrectionStats {
  budget: { false_alarm_rate_max: number; power_min: number; met: boolean };
  by_correction: CorrectionStats[];
  shape: StatsShape & { comparisons: number; drop: number };
  policy: string;
  seed: number;
  engine: string;
  cpu_ms: number;
}

export interface StatsOptions {
  trials: number;
  seed: number;
  shape?: StatsShape;
  /** The real drop's size. */
  drop?: number;
}

/**
 * SPEC §6, statistics: `trials` PRs with no real change and `trials` with one real drop on one
 * random slice, each evaluated by the evaluation gate exactly as `evaluatePr` runs it (phase one
 * into the PR's families, then one decision) under each correction. The three corrections see the
 * same simulated PRs (common random numbers), so their differences are the procedures', not luck.
 */
export function benchStats(opts: StatsOptions): StatsResult {
  const shape = opts.shape ?? STATS_SHAPE;
  const by = opts.drop ?? 0.06;
  const policies = CORRECTIONS.map((c) => policyOf(statsPolicyText(c)));
  const counts = CORRECTIONS.map(() => ({ falseAlarms: 0, named: 0, failed: 0 }));
  const random = seededRandom(opts.seed);
  const started = process.cpuUsage();
  for (let t = 0; t < opts.trials; t++) {
    const quiet = simulatedPr(shape, random, null);
    const drop: RealDrop = { metric: random.below(shape.metrics), slice: random.below(shape.slices), by };
    const dropped = simulatedPr(shape, random, drop);
    policies.forEach((policy, i) => {
      const c = counts[i] as (typeof counts)[number];
      if (errorsOf(quiet, policy).length > 0) c.falseAlarms++;
      const errors = errorsOf(dropped, policy);
      if (errors.length > 0) c.failed++;
      if (errors.some((message) => message.startsWith(`${dropLabel(drop)} `))) c.named++;
    });
  }
  const cpu = process.cpuUsage(started);
  const rows = CORRECTIONS.map((correction, i): CorrectionStats => {
    const c = counts[i] as (typeof counts)[number];
    const rate = (k: number) => round(k / opts.trials);
    return {
      correction,
      false_alarm_rate: rate(c.falseAlarms),
      power: rate(c.named),
      fail_rate_with_drop: rate(c.failed),
      trials: opts.trials,
      margin: { false_alarm_rate: margin(c.falseAlarms, opts.trials), power: margin(c.named, opts.trials) },
    };
  });
  const holm = rows[0] as CorrectionStats;
  return {
    ...holm,
    budget: {
      false_alarm_rate_max: 0.05,
      power_min: 0.75,
      met: holm.false_alarm_rate <= 0.05 && holm.power >= 0.75,
    },
    by_correction: rows,
    shape: { ...shape, comparisons: shape.metrics * shape.slices, drop: by },
    policy: statsPolicyText("holm"),
    seed: opts.seed,
    engine: "evaluationGate into one EvaluationFamilies per PR, then decide(), as evaluatePr runs it",
    cpu_ms: Math.round((cpu.user + cpu.system) / 1000),
  };
}

function policyOf(text: string): Policy {
  const { policy, findings } = loadPolicy(".github/modelgate.yml", text);
  if (policy === null)
    throw new Error(`the simulation's policy is invalid: ${findings.map((f) => f.message).join("; ")}`);
  return policy;
}

/** The error messages of one PR's evaluation, after its family is decided. */
function errorsOf(ctx: ReturnType<typeof simulatedPr>, policy: Policy): string[] {
  const families = new EvaluationFamilies();
  const result = evaluationGate(ctx, gatesForModel(policy, ctx.name), families);
  families.decide();
  return result.findings.filter((f) => f.severity === "error").map((f) => f.message);
}

const round = (x: number): number => Math.round(x * 10000) / 10000;

/** 1.96·sqrt(p(1 − p)/n): the 95 % margin of a simulated rate. */
function margin(k: number, n: number): number {
  const p = k / n;
  return round(1.96 * Math.sqrt((p * (1 - p)) / n));
}
