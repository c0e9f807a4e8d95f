import type { Gates } from "../../policy/schema.ts";
import type { MetricStatus, MetricValue } from "../../types.ts";
import type { EvalSink } from "./eval-sink.ts";
import { metricLabel } from "./metric-label.ts";
import type { Direction } from "./metric-rules.ts";
import { roundMetric } from "./round-metric.ts";
import type { DeferredDrop, SignificanceFamily } from "./significance-family.ts";
import type { DropTest } from "./value-tests.ts";

/** A tolerance: how far the value may move in the worse direction, and how to name it. */
export interface DropLimit {
  allowed: number;
  /** e.g. "max_drop is 0.005", "max_drop_pct is 1 % (0.00943)". */
  text: string;
}

export interface DropCheck {
  code: "eval.regression" | "eval.slice-regression";
  direction: Direction;
  limits: readonly DropLimit[];
}

/**
 * How far `head` moved from `base` in the worse direction (negative: it improved). Differences
 * within 1e-9 of the values count as none: they are binary noise, not a change anyone measured.
 */
export function worseBy(head: number, base: number, direction: Direction): number {
  const worse = direction === "higher" ? base - head : head - base;
  return Math.abs(worse) <= 1e-9 * Math.max(Math.abs(head), Math.abs(base)) ? 0 : worse;
}

/** Whether a change in the worse direction goes beyond a tolerance by more than binary noise. */
export function exceeds(worse: number, allowed: number, head: number, base: number): boolean {
  return worse - allowed > 1e-9 * Math.max(Math.abs(head), Math.abs(base));
}

/** How a drop beyond tolerance is tested: its test, and where a deferred finding goes. */
export interface DropTesting {
  test: DropTest | "unknown";
  family: SignificanceFamily;
  /** The value's deferred drops, for its table row. */
  pending: DeferredDrop[];
}

/**
 * SPEC §3.4: a change in the worse direction beyond a tolerance is a regression, unless the
 * significance test is on and says the drop may be noise (then a warning). Reports at most one
 * finding, naming every tolerance exceeded, and returns the status for the table. With the test
 * on and known, the verdict is the family's (SPEC §3.4 "many comparisons, one verdict"): the
 * finding is deferred to the family's decision and the status returned is "ok", the row's
 * status then being settled by the family.
 */
export function checkDrop(
  head: MetricValue,
  base: MetricValue,
  check: DropCheck,
  policy: Gates["evaluation"],
  sink: EvalSink,
  testing: DropTesting | null,
): MetricStatus {
  const worse = worseBy(head.value, base.value, check.direction);
  if (worse <= 0) return "ok";
  const exceeded = check.limits.filter((l) => exceeds(worse, l.allowed, head.value, base.value));
  if (exceeded.length === 0) return "ok";
  const verb = check.direction === "higher" ? "fell" : "rose";
  const what = `${metricLabel(head)} ${verb} ${roundMetric(worse)} (${base.value} → ${head.value}); ${exceeded.map((l) => l.text).join(" and ")}`;
  const at = { file: head.file, line: head.line };
  if (policy.significance.confidence === null || testing === null) {
    sink.add(check.code, "error", at, what);
    return "regression";
  }
  const { test, family, pending } = testing;
  if (test === "unknown") {
    const why = "significance unknown: base and head each need n (for a rate in [0, 1]) or ci";
    if (policy.significance.when_unknown === "fail") {
      sink.add(check.code, "error", at, `${what}; ${why}`);
      return "regression";
    }
    sink.add("eval.not-significant", "warning", at, `${what}; ${why}, and when_unknown is warn`);
    return "not-significant";
  }
  const drop = { sink, code: check.code, at, what, z: test.z, p: test.p, index: test.index };
  family.defer(drop);
  pending.push(drop);
  return "ok";
}
