import type { Gates, MetricRule } from "../../policy/schema.ts";
import type { MetricRow, MetricStatus, MetricValue } from "../../types.ts";
import { checkBounds } from "./check-bounds.ts";
import { checkDrop, type DropLimit, type DropTesting, exceeds, worseBy } from "./check-drop.ts";
import { checkUnguardedDrop } from "./check-unguarded-drop.ts";
import { type Comparison, revisionChange } from "./eval-data-comparability.ts";
import type { EvalSink } from "./eval-sink.ts";
import { metricLabel } from "./metric-label.ts";
import type { Direction, RulesFor } from "./metric-rules.ts";
import { roundMetric } from "./round-metric.ts";
import type { DeferredDrop, SignificanceFamily } from "./significance-family.ts";
import type { ValueTests } from "./value-tests.ts";
import { worstStatus } from "./worst-status.ts";

/** What judging one value needs to know about the model and the policy. */
export interface JudgeEnv {
  policy: Gates["evaluation"];
  sink: EvalSink;
  rulesFor: (m: MetricValue) => RulesFor;
  comparison: (dataKey: string) => Comparison;
  /** A new model has no baseline at all; one note says so instead of one per metric. */
  modelIsNew: boolean;
  /** The family of the PR's significance tests; null when `significance.confidence` is not set. */
  family: SignificanceFamily | null;
  /** The drops of the value being judged that wait for the family (emptied by each row). */
  pending: DeferredDrop[];
  /** The significance tests of the value being judged (one instance, reset per value); null with the test off. */
  tests: ValueTests | null;
  /** The family of the PR's tests of metrics no rule names; null with `default_rule: null`. */
  unguarded: SignificanceFamily | null;
  /** The unguarded drop of the value being judged that waits for its family (emptied by each row). */
  unguardedPending: DeferredDrop[];
}

/** Gates one head value (bounds, regression, slice regression) and returns its table row. */
export function judgeMetric(
  m: MetricValue,
  dataKey: string,
  base: MetricValue | null,
  env: JudgeEnv,
): MetricRow {
  // SPEC §3.4: too small a slice is reported, never gated (its noise would fail every PR).
  const byData = env.comparison(dataKey);
  const comparison =
    byData.kind === "same" ? (revisionChange(m, base, env.policy, env.sink) ?? byData) : byData;
  if (isLowN(m, env.policy.slices.min_n)) {
    // Shown against what the other values are compared with: the re-scored baseline when there is one.
    return row(env, m, comparison.kind === "baseline" ? comparison.lookup(m) : base, "low-n");
  }
  const rules = env.rulesFor(m);
  const applicable = m.slice === null ? rules.overall : rules.sliced;
  const bounds = checkBounds(m, applicable, env.sink);
  if (comparison.kind === "changed") {
    if (base === null) return row(env, m, base, worstStatus(bounds, "new"));
    // SPEC §3.4: without a usable re-scored baseline, changed eval data is itself the finding, once per data key.
    comparison.report();
    return row(env, m, base, worstStatus(bounds, "not-comparable"));
  }
  const against = comparison.kind === "baseline" ? comparison.lookup(m) : base;
  if (against === null) {
    if (comparison.kind === "baseline" && base !== null && gatedByChange(m, applicable, env.policy)) {
      // SPEC §3.4: the base value was scored on other data, and the block does not stand in for it.
      comparison.missing(m, metricLabel(m));
    } else if (!env.modelIsNew && gatedByChange(m, applicable, env.policy)) {
      env.sink.notes.add(`no baseline for ${metricLabel(m)}: absolute bounds only`);
    }
    const status = base === null ? "new" : "not-comparable";
    return row(env, m, base, worstStatus(bounds, status));
  }
  const settled = worstStatus(bounds, compare(m, against, rules, applicable, env));
  if (env.unguardedPending.length > 0 && env.unguarded !== null) {
    // A value no rule names has no gated drop: its one test waits for the unguarded family.
    const r = row(env, m, against, worstStatus(settled, "unguarded-drop"));
    env.unguarded.awaitRow(r, settled, env.unguardedPending.splice(0));
    return r;
  }
  if (env.pending.length === 0 || env.family === null) return row(env, m, against, settled);
  // Until the family decides, the row shows what the finding would be without the test.
  const r = row(env, m, against, worstStatus(settled, "regression"));
  env.family.awaitRow(r, settled, env.pending.splice(0));
  return r;
}

/**
 * Regression against each rule's tolerance, then the slice tolerance; else improved or ok. Only
 * a value beyond its tightest tolerance gets a finding built: most values are within it, and a
 * million of them must stay free of allocations.
 */
function compare(
  m: MetricValue,
  base: MetricValue,
  rules: RulesFor,
  applicable: readonly MetricRule[],
  env: JudgeEnv,
): MetricStatus {
  let status: MetricStatus = "ok";
  const tests = env.tests?.reset(m, base) ?? null;
  for (const rule of applicable) {
    const tightest = Math.min(rule.max_drop ?? Infinity, pctOf(rule.max_drop_pct, base.value));
    if (tightest === Infinity) continue;
    const direction = rule.direction ?? rules.assumed;
    tests?.count(direction, tightest);
    if (!exceeds(worseBy(m.value, base.value, direction), tightest, m.value, base.value)) continue;
    const check = { code: "eval.regression", direction, limits: ruleLimits(rule, base.value) } as const;
    status = worstStatus(status, checkDrop(m, base, check, env.policy, env.sink, testing(direction, env)));
  }
  const worse = worseBy(m.value, base.value, rules.assumed);
  const sliceDrop = env.policy.slices.max_drop;
  const sliceGated = m.slice !== null && sliceDrop !== null;
  if (m.slice !== null && sliceDrop !== null) {
    tests?.count(rules.assumed, sliceDrop);
    if (exceeds(worse, sliceDrop, m.value, base.value)) {
      const limits = [{ allowed: sliceDrop, text: `slices.max_drop is ${sliceDrop}` }];
      const check = { code: "eval.slice-regression", direction: rules.assumed, limits } as const;
      status = worstStatus(
        status,
        checkDrop(m, base, check, env.policy, env.sink, testing(rules.assumed, env)),
      );
    }
  }
  tests?.finish();
  // SPEC §1.4: a value whose source knows no direction (a Hugging Face evaluation result) is
  // better or worse only by a rule that gives one; without it the change is shown, not judged.
  if (m.directionless === true && rules.direction === null) return status;
  // SPEC §3.4: a value no rule names (and no slice tolerance covers) is still never silently "ok".
  const defaultRule = env.policy.default_rule;
  if (defaultRule !== null && env.unguarded !== null && rules.overall.length === 0 && !sliceGated) {
    const testing = { family: env.unguarded, pending: env.unguardedPending };
    const check = checkUnguardedDrop(m, base, worse, rules.assumed, defaultRule, env.sink, testing);
    status = worstStatus(status, check);
  }
  return status === "ok" && worse < 0 ? "improved" : status;
}

/** What checkDrop needs for a drop beyond tolerance when the test is on: null when it is off. */
function testing(direction: Direction, env: JudgeEnv): DropTesting | null {
  if (env.tests === null || env.family === null) return null;
  return { test: env.tests.result(direction), family: env.family, pending: env.pending };
}

/** `max_drop_pct` in the metric's units: a percent of |base|; Infinity when not set. */
function pctOf(pct: number | undefined, base: number): number {
  return pct === undefined ? Infinity : (Math.abs(base) * pct) / 100;
}

/** A rule's tolerances in the metric's units: `max_drop_pct` is a percent of |base|. */
function ruleLimits(rule: MetricRule, base: number): DropLimit[] {
  const limits: DropLimit[] = [];
  if (rule.max_drop !== undefined)
    limits.push({ allowed: rule.max_drop, text: `max_drop is ${rule.max_drop}` });
  if (rule.max_drop_pct !== undefined) {
    const allowed = pctOf(rule.max_drop_pct, base);
    limits.push({ allowed, text: `max_drop_pct is ${rule.max_drop_pct} % (${roundMetric(allowed)})` });
  }
  return limits;
}

function isLowN(m: MetricValue, minN: number): boolean {
  return m.slice !== null && m.n !== null && m.n < minN;
}

/** Whether a baseline would have mattered: some tolerance applies to this value. */
function gatedByChange(m: MetricValue, rules: readonly MetricRule[], policy: Gates["evaluation"]): boolean {
  if (m.slice !== null && policy.slices.max_drop !== null) return true;
  return rules.some((r) => r.max_drop !== undefined || r.max_drop_pct !== undefined);
}

function row(env: JudgeEnv, m: MetricValue, base: MetricValue | null, status: MetricStatus): MetricRow {
  return {
    model: env.sink.model,
    name: m.type,
    slice: m.slice,
    dataset: m.dataset,
    config: m.config,
    split: m.split,
    context: null,
    base: base?.value ?? null,
    head: m.value,
    delta: base === null ? null : roundMetric(m.value - base.value),
    status,
  };
}
