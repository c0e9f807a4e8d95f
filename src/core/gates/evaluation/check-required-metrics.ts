import type { MetricRule } from "../../policy/schema.ts";
import type { MetricValue } from "../../types.ts";
import type { Anchor, EvalSink } from "./eval-sink.ts";
import type { RulesFor } from "./metric-rules.ts";

/**
 * SPEC §3.4 `eval.missing-metric`. A required metric needs an overall value: slices alone would
 * let the rule's bounds, which apply to the overall value, go unchecked. Linear in the metrics:
 * each value marks the rules that name it.
 */
export function checkRequiredMetrics(
  head: readonly MetricValue[],
  rules: readonly MetricRule[],
  rulesFor: (m: MetricValue) => RulesFor,
  at: Anchor,
  sink: EvalSink,
): void {
  if (!rules.some((r) => r.required === true)) return;
  const present = new Set<MetricRule>();
  for (const h of head) {
    if (h.slice === null) for (const r of rulesFor(h).overall) present.add(r);
  }
  for (const rule of rules) {
    if (rule.required !== true || present.has(rule)) continue;
    sink.add(
      "eval.missing-metric",
      "error",
      at,
      `required metric ${rule.name} is missing (no overall value)`,
    );
  }
}
