import type { MetricRule } from "../../policy/schema.ts";
import type { EvalMetric } from "./eval-metric.ts";
import { lowerIsBetter } from "./lower-is-better.ts";
import { type NameMatcher, nocaseGlob } from "./nocase-glob.ts";

export type Direction = "higher" | "lower";

/** The policy rules that name one metric. */
export interface RulesFor {
  /** Rules for its overall value. */
  overall: readonly MetricRule[];
  /** Rules for its slices: those with `slices: true`. */
  sliced: readonly MetricRule[];
  /** The first direction those rules give, or null. */
  direction: Direction | null;
  /** That direction, or the one its name suggests (`lowerIsBetter`) when no rule gives one. */
  assumed: Direction;
}

/**
 * Returns the rules that name a metric (its `type` or its `name`, case-insensitively, SPEC §2).
 * A model has many values per metric name (slices, datasets), so the answer is cached by name:
 * the rule patterns are tested once per distinct name, not once per value.
 */
export function compileMetricRules(rules: readonly MetricRule[]): (m: EvalMetric) => RulesFor {
  const matchers: Array<{ rule: MetricRule; matches: NameMatcher }> = rules.map((rule) => ({
    rule,
    matches: nocaseGlob(rule.name),
  }));
  const byName = new Map<string, RulesFor>();
  return (m) => {
    const cached = byName.get(m.nameKey);
    if (cached !== undefined) return cached;
    const { type, name } = m.metric;
    const overall = matchers
      .filter(({ matches }) => matches(type) || (name !== null && matches(name)))
      .map(({ rule }) => rule);
    const direction = overall.find((r) => r.direction !== undefined)?.direction ?? null;
    const guess = lowerIsBetter(type) || (name !== null && lowerIsBetter(name)) ? "lower" : "higher";
    const found: RulesFor = {
      overall,
      sliced: overall.filter((r) => r.slices === true),
      direction,
      assumed: direction ?? guess,
    };
    byName.set(m.nameKey, found);
    return found;
  };
}
