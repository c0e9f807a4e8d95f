import type { MetricValue, ModelCard, ModelContext } from "../src/core/types.ts";
import type { SeededRandom } from "./seeded-random.ts";

/** The simulated PR of SPEC §6's statistics budget. */
export interface StatsShape {
  metrics: number;
  slices: number;
  /** Samples a slice, each side. */
  n: number;
  /** True rates are drawn uniformly from this range, one per metric and slice. */
  rates: readonly [number, number];
}

export const STATS_SHAPE: StatsShape = { metrics: 10, slices: 21, n: 2000, rates: [0.6, 0.95] };

/** Where the real drop is, when there is one. */
export interface RealDrop {
  metric: number;
  slice: number;
  by: number;
}

const CARD = "models/sim/MODEL_CARD.md";

/** `metric_3 [segment=7]`: how findings name a value (metricLabel). */
export const dropLabel = (d: RealDrop): string => `metric_${d.metric} [segment=${d.slice}]`;

/**
 * One retrained model as the gates see it: `metrics × slices` rates, each measured on n samples
 * at base and at head. Each true rate p is drawn from `rates`; each side's observed rate is an
 * exact binomial count k of n over n (a normal approximation of the count would make the tails
 * symmetric, and the false-alarm rate lives in the tails). With `drop`, that
 * one value's true rate at head is p − by; everything else is unchanged.
 */
export function simulatedPr(shape: StatsShape, random: SeededRandom, drop: RealDrop | null): ModelContext {
  const head: MetricValue[] = [];
  const base: MetricValue[] = [];
  for (let m = 0; m < shape.metrics; m++) {
    for (let s = 0; s < shape.slices; s++) {
      const p = shape.rates[0] + (shape.rates[1] - shape.rates[0]) * random.uniform();
      const real = drop !== null && drop.metric === m && drop.slice === s ? drop.by : 0;
      base.push(value(m, s, observed(p, shape.n, random), shape.n, base.length));
      head.push(value(m, s, observed(p - real, shape.n, random), shape.n, head.length));
    }
  }
  return {
    name: "sim",
    card: card(head),
    baseCard: card(base),
    manifest: null,
    baseManifest: null,
    headPaths: new Set(),
  };
}

function observed(p: number, n: number, random: SeededRandom): number {
  return random.binomial(n, p) / n;
}

function value(m: number, s: number, rate: number, n: number, i: number): MetricValue {
  return {
    type: `metric_${m}`,
    name: null,
    value: rate,
    dataset: "holdout",
    config: null,
    split: "test",
    slice: `segment=${s}`,
    n,
    ci: null,
    file: CARD,
    line: 12 + i,
  };
}

function card(metrics: MetricValue[]): ModelCard {
  return {
    file: CARD,
    name: "sim",
    version: "1.1.0",
    versionLine: 3,
    owners: [],
    experiment: null,
    experimentLine: null,
    fields: {},
    fieldLines: {},
    sections: [],
    metrics,
  };
}
