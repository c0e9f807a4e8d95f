import type { MetricRule } from "../../policy/schema.ts";
import type { MetricStatus, MetricValue } from "../../types.ts";
import type { EvalSink } from "./eval-sink.ts";
import { metricLabel } from "./metric-label.ts";

/** SPEC §3.4 `eval.below-min` / `eval.above-max`: absolute bounds, which need no baseline. */
export function checkBounds(m: MetricValue, rules: readonly MetricRule[], sink: EvalSink): MetricStatus {
  let status: MetricStatus = "ok";
  for (const rule of rules) {
    if (rule.min !== undefined && m.value < rule.min) {
      sink.add("eval.below-min", "error", m, `${metricLabel(m)} is ${m.value}, below min ${rule.min}`);
      status = "below-min";
    }
    if (rule.max !== undefined && m.value > rule.max) {
      sink.add("eval.above-max", "error", m, `${metricLabel(m)} is ${m.value}, above max ${rule.max}`);
      if (status === "ok") status = "above-max";
    }
  }
  return status;
}
