import type { MetricRule } from "../../policy/schema.ts";
import type { MetricValue } from "../../types.ts";
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
 * A model has many values per metric name (slices, datasets), so the answer is cached by the
 * (type, name) as written: the rule patterns are tested once per distinct name, not per value,
 * and the common lookup is two Map hits on short strings, with no key to build.
 */
export function compileMetricRules(rules: readonly MetricRule[]): (m: MetricValue) => RulesFor {
  const matchers: Array<{ rule: MetricRule; matches: NameMatcher }> = rules.map((rule) => ({
    rule,
    matches: nocaseGlob(rule.name),
  }));
  const byType = new Map<string, Map<string | null, RulesFor>>();
  // Values of one metric usually come together (overall, then its slices): remember the last.
  let last: { type: string; name: string | null; rules: RulesFor } | null = null;
  return ({ type, name }) => {
    if (last !== null && last.type === type && last.name === name) return last.rules;
    let byName = byType.get(type);
    if (byName === undefined) {
      byName = new Map();
      byType.set(type, byName);
    }
    let rules = byName.get(name);
    if (rules === undefined) {
      rules = rulesNaming(matchers, type, name);
      byName.set(name, rules);
    }
    last = { type, name, rules };
    return rules;
  };
}

function rulesNaming(
  matchers: ReadonlyArray<{ rule: MetricRule; matches: NameMatcher }>,
  type: string,
  name: string | null,
): RulesFor {
  const overall = matchers
    .filter(({ matches }) => matches(type) || (name !== null && matches(name)))
    .map(({ rule }) => rule);
  const direction = overall.find((r) => r.direction !== undefined)?.direction ?? null;
  const guess = lowerIsBetter(type) || (name !== null && lowerIsBetter(name)) ? "lower" : "higher";
  return {
    overall,
    sliced: overall.filter((r) => r.slices === true),
    direction,
    assumed: direction ?? guess,
  };
}
