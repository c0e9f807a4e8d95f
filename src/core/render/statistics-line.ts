import { roundMetric } from "../gates/evaluation/round-metric.ts";
import type { FamilySummary } from "../gates/evaluation/significance-family.ts";

const count = (n: number, one: string, many: string): string =>
  `${n === 0 ? "no" : n} ${n === 1 ? one : many}`;

/**
 * The report's one line on the statistics of the PR (SPEC §3.4), so a reviewer sees why a visible
 * drop did or did not fail: "210 comparisons, Holm-adjusted at 95 %: 1 significant regression";
 * the tests of metrics no rule names get a line of their own.
 */
export function statisticsLine(s: FamilySummary): string {
  const level = `${roundMetric(s.confidence * 100)} %`;
  const of = s.kind === "unguarded" ? " of metrics no rule names" : "";
  const m = `${s.comparisons} comparison${s.comparisons === 1 ? "" : "s"}${of}`;
  const how =
    s.comparisons === 1
      ? `tested at ${level}`
      : s.correction === "holm"
        ? `Holm-adjusted at ${level}`
        : s.correction === "bh"
          ? `Benjamini–Hochberg-adjusted at ${level} (false discovery rate ${roundMetric((1 - s.confidence) * 100)} %)`
          : `each tested alone at ${level} (correction: none)`;
  const found =
    s.kind === "unguarded"
      ? count(
          s.significant,
          "significant drop (eval.unguarded-drop)",
          "significant drops (eval.unguarded-drop)",
        )
      : count(s.significant, "significant regression", "significant regressions");
  const parts = [`${m}, ${how}: ${found}`];
  if (s.correctedAway > 0)
    parts.push(`${count(s.correctedAway, "drop", "drops")} significant alone but not after the correction`);
  if (s.underpowered > 0)
    parts.push(
      s.underpowered === 1
        ? "1 comparison too noisy to detect a drop of its tolerance (eval.underpowered)"
        : `${s.underpowered} comparisons too noisy to detect a drop of their tolerance (eval.underpowered)`,
    );
  return parts.join("; ");
}
