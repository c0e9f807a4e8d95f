import { DEFAULT_RULE, type Gates } from "../../policy/schema.ts";
import type { MetricStatus, MetricValue } from "../../types.ts";
import { significance } from "../significance.ts";
import type { EvalSink } from "./eval-sink.ts";
import { metricLabel } from "./metric-label.ts";
import type { Direction } from "./metric-rules.ts";
import { roundMetric } from "./round-metric.ts";

export type DefaultRule = NonNullable<Gates["evaluation"]["default_rule"]>;

/**
 * SPEC §3.4 `eval.unguarded-drop`: a metric no rule names got worse beyond noise. Beyond noise is
 * the z-test of `significance.ts` at `default_rule.confidence` when either side gives n or ci
 * (what the test needs), otherwise a drop of more than `default_rule.max_drop_pct` % of the
 * baseline. Always a warning: no one chose this metric's tolerance, so it never fails the check,
 * but a PR with no metric rules never shows a real drop as "ok". `worse` is the change in the
 * worse direction (positive), computed by the caller for the status it already needs.
 */
export function checkUnguardedDrop(
  head: MetricValue,
  base: MetricValue,
  worse: number,
  direction: Direction,
  rule: DefaultRule,
  sink: EvalSink,
): MetricStatus {
  if (!(worse > 0)) return "ok";
  // A `models:` override merged over `default_rule: null` may give one key only.
  const confidence = rule.confidence ?? DEFAULT_RULE.confidence;
  const maxDropPct = rule.max_drop_pct ?? DEFAULT_RULE.max_drop_pct;
  const test = significance(head, base, worse, confidence);
  let why: string;
  if (test === "unknown") {
    const allowed = (Math.abs(base.value) * maxDropPct) / 100;
    if (!(worse - allowed > 1e-9 * Math.max(Math.abs(head.value), Math.abs(base.value)))) return "ok";
    why = `more than default_rule.max_drop_pct (${maxDropPct} %, ${roundMetric(allowed)}); no n or ci to test it`;
  } else {
    if (!(test.z > test.critical)) return "ok";
    const level = `${roundMetric(confidence * 100)} %`;
    why = `significant at ${level} (z = ${test.z.toFixed(2)} > ${test.critical.toFixed(3)})`;
  }
  const verb = direction === "higher" ? "fell" : "rose";
  sink.add(
    "eval.unguarded-drop",
    "warning",
    { file: head.file, line: head.line },
    `${metricLabel(head)} ${verb} ${roundMetric(worse)} (${base.value} → ${head.value}), ${why}, and no rule in gates.evaluation.metrics names it: add { name: ${head.type}, direction: ${direction}, max_drop: … } to gate it`,
  );
  return "unguarded-drop";
}
