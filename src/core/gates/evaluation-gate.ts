import { DEFAULT_RULE, type Gates } from "../policy/schema.ts";
import type { EvaluationResult, MetricRow, MetricValue, ModelContext } from "../types.ts";
import { checkRequiredMetrics } from "./evaluation/check-required-metrics.ts";
import { checkRequiredSlices } from "./evaluation/check-required-slices.ts";
import { collectMetrics } from "./evaluation/collect-metrics.ts";
import { distinguishRows } from "./evaluation/distinguish-rows.ts";
import { evalDataComparability } from "./evaluation/eval-data-comparability.ts";
import { type EvalSink, evalSink } from "./evaluation/eval-sink.ts";
import { EvaluationFamilies } from "./evaluation/evaluation-families.ts";
import { judgeMetric } from "./evaluation/judge-metric.ts";
import { metricLabel } from "./evaluation/metric-label.ts";
import { compileMetricRules } from "./evaluation/metric-rules.ts";
import { metricsAnchor } from "./evaluation/metrics-anchor.ts";
import { pairMetrics } from "./evaluation/pair-metrics.ts";
import { ValueTests } from "./evaluation/value-tests.ts";

/**
 * SPEC §3.4: the evaluation gate of one model. Gathers the metric values of head and base (card
 * and run), pairs them, and judges each head value against the model's resolved rules. Linear in
 * the number of values (the engine's budget is a million of them per second): no value is ever
 * searched for, only looked up. Gate modes (warn, off) are the engine's to apply.
 *
 * Significance tests join the PR's family in `families` (SPEC §3.4 "many comparisons, one
 * verdict"): their findings are added to the returned `findings`, and their rows' statuses set,
 * when the caller decides the families after every model's gate ran. Without `families` the
 * model is its own family, decided before returning.
 */
export function evaluationGate(
  ctx: ModelContext,
  gates: Gates,
  families?: EvaluationFamilies,
): EvaluationResult {
  const own = families ?? new EvaluationFamilies();
  const result = judgeModel(ctx, gates, own);
  if (families === undefined) own.decide();
  return result;
}

function judgeModel(ctx: ModelContext, gates: Gates, families: EvaluationFamilies): EvaluationResult {
  const policy = gates.evaluation;
  const sink = evalSink(ctx.name);
  const head = collectMetrics(ctx.card, ctx.manifest, (card, run) => reportMismatch(card, run, sink));
  const base = collectMetrics(ctx.baseCard, ctx.baseManifest, null);
  const modelIsNew = ctx.baseCard === null && ctx.baseManifest === null;
  if (modelIsNew) sink.notes.add("no baseline (new model): absolute bounds only");

  const rulesFor = compileMetricRules(policy.metrics);
  const comparison = evalDataComparability(ctx, policy, sink);
  const family = families.of(policy.significance);
  const tests = family === null ? null : new ValueTests(family, sink);
  const unguarded =
    policy.default_rule === null
      ? null
      : families.unguarded(
          policy.default_rule.confidence ?? DEFAULT_RULE.confidence,
          policy.significance.correction,
        );
  const env = {
    policy,
    sink,
    rulesFor,
    comparison,
    modelIsNew,
    family,
    pending: [],
    tests,
    unguarded,
    unguardedPending: [],
  };
  const { baseOf, vanished } = pairMetrics(head.values, base.values);
  const metrics: MetricRow[] = head.values.map((m, i) =>
    judgeMetric(m, head.dataKeys[i] ?? "eval", baseOf[i] ?? null, env),
  );
  for (const b of vanished) {
    // A value that is gone cannot be compared; a required one is also `eval.missing-metric`.
    metrics.push({
      model: ctx.name,
      name: b.type,
      slice: b.slice,
      dataset: b.dataset,
      config: b.config,
      split: b.split,
      context: null,
      base: b.value,
      head: null,
      delta: null,
      status: "not-comparable",
    });
  }

  distinguishRows(metrics, [...head.values, ...vanished]);

  const anchor = metricsAnchor(ctx);
  checkRequiredMetrics(head.values, policy.metrics, rulesFor, anchor, sink);
  checkRequiredSlices(head.values, policy.slices.required, anchor, sink);
  return { findings: sink.findings, metrics, notes: [...sink.notes] };
}

function reportMismatch(card: MetricValue, run: MetricValue, sink: EvalSink): void {
  const where = run.line === null ? run.file : `${run.file}:${run.line}`;
  sink.add(
    "eval.card-mismatch",
    "error",
    card,
    `${metricLabel(card)}: the card says ${card.value}, the run says ${run.value} (${where})`,
  );
}
