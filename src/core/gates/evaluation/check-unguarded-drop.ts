import { DEFAULT_RULE, type Gates } from "../../policy/schema.ts";
import type { MetricStatus, MetricValue } from "../../types.ts";
import { differenceSe, zOf } from "../significance.ts";
import { normalUpperTail } from "../stats/normal-upper-tail.ts";
import type { EvalSink } from "./eval-sink.ts";
import { metricLabel } from "./metric-label.ts";
import type { Direction } from "./metric-rules.ts";
import { roundMetric } from "./round-metric.ts";
import type { DeferredDrop, SignificanceFamily } from "./significance-family.ts";

export type DefaultRule = NonNullable<Gates["evaluation"]["default_rule"]>;

/** Where the tests of metrics no rule names go: their family, and the value's deferred drops. */
export interface UnguardedTesting {
  family: SignificanceFamily;
  pending: DeferredDrop[];
}

/**
 * SPEC §3.4 `eval.unguarded-drop`: a metric no rule names got worse beyond noise. Beyond noise is
 * the z-test of `significance.ts` at `default_rule.confidence` when either side gives n or ci
 * (what the test needs), otherwise a drop of more than `default_rule.max_drop_pct` % of the
 * baseline. Always a warning: no one chose this metric's tolerance, so it never fails the check,
 * but a PR with no metric rules never shows a real drop as "ok". `worse` is the change in the
 * worse direction (negative: it improved), computed by the caller for the status it already needs.
 *
 * Tested values are many comparisons, one verdict (SPEC §3.4): every one of them, improved or not,
 * counts in the PR's family of unguarded tests (`testing.family`, see unguarded-verdict.ts), and a
 * drop significant alone waits for the family's correction; the status returned is then "ok"
 * and the row is settled by the family.
 */
export function checkUnguardedDrop(
  head: MetricValue,
  base: MetricValue,
  worse: number,
  direction: Direction,
  rule: DefaultRule,
  sink: EvalSink,
  testing: UnguardedTesting,
): MetricStatus {
  const diff = differenceSe(head, base);
  const verb = direction === "higher" ? "fell" : "rose";
  const what = () => `${metricLabel(head)} ${verb} ${roundMetric(worse)} (${base.value} → ${head.value})`;
  const hint = `and no rule in gates.evaluation.metrics names it: add { name: ${head.type}, direction: ${direction}, max_drop: … } to gate it`;
  if (diff !== null) {
    const z = zOf(worse, diff.se);
    const index = testing.family.test(z);
    if (!(worse > 0) || index < 0) return "ok";
    const at = { file: head.file, line: head.line };
    const drop = {
      sink,
      code: "eval.unguarded-drop",
      at,
      what: what(),
      hint,
      z,
      p: normalUpperTail(z),
      index,
    } as const;
    testing.family.defer(drop);
    testing.pending.push(drop);
    return "ok";
  }
  if (!(worse > 0)) return "ok";
  // A `models:` override merged over `default_rule: null` may give one key only.
  const maxDropPct = rule.max_drop_pct ?? DEFAULT_RULE.max_drop_pct;
  const allowed = (Math.abs(base.value) * maxDropPct) / 100;
  if (!(worse - allowed > 1e-9 * Math.max(Math.abs(head.value), Math.abs(base.value)))) return "ok";
  const why = `more than default_rule.max_drop_pct (${maxDropPct} %, ${roundMetric(allowed)}); no n or ci to test it`;
  sink.add(
    "eval.unguarded-drop",
    "warning",
    { file: head.file, line: head.line },
    `${what()}, ${why}, ${hint}`,
  );
  return "unguarded-drop";
}
