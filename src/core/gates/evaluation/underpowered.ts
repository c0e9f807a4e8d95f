import type { Finding } from "../../types.ts";
import type { EvalSink } from "./eval-sink.ts";
import type { FamilyInfo } from "./family-verdict.ts";
import { formatP } from "./format-p.ts";
import { metricLabel } from "./metric-label.ts";
import { normalQuantile } from "./normal-quantile.ts";
import { roundMetric } from "./round-metric.ts";
import type { WeakComparison } from "./significance-family.ts";

/** Half-width of a 95 % normal interval in standard errors: the 0.975 quantile, 1.959964. */
export const Z95 = normalQuantile(0.975);

/** Whether a gated difference is underpowered: its 95 % interval reaches further than the tolerance. */
export function isUnderpowered(se: number, tolerance: number): boolean {
  // A tolerance of 0 (no drop allowed) has no size to detect.
  return tolerance > 0 && Number.isFinite(tolerance) && Z95 * se > tolerance;
}

/**
 * The sample size per side at which a drop of `tolerance` stands out at critical value `z`:
 * SE(n) = sqrt(perUnit / n) ≤ tolerance / z, so n = perUnit·(z / tolerance)² (the usual
 * sample-size formula for a difference of proportions with the power term left out: a drop of
 * exactly the tolerance is then significant, one larger is likely to be).
 */
export function samplePerSide(perUnit: number, tolerance: number, z: number): number {
  return Math.ceil(perUnit * (z / tolerance) ** 2);
}

type Notice = {
  sink: EvalSink;
  finding: [string, Finding["severity"], { file: string; line: number | null }, string];
};

/**
 * SPEC §3.4 `eval.underpowered`, one notice per model and metric (its overall value and its
 * slices together, so a PR of 210 weak comparisons reads as 10 notices, not 210): how many of its
 * gated differences have a 95 % interval wider than their tolerance, the widest, and the sample
 * size per side that would make every one of them detectable at the configured confidence — at
 * least the 95 % interval's own 1.96 standard errors — alone and, when the family is corrected,
 * at the family's strictest threshold α/m (Holm's first step, Benjamini–Hochberg's with one
 * discovery).
 */
export function underpoweredNotices(weak: readonly WeakComparison[], family: FamilyInfo): Notice[] {
  const groups = new Map<string, WeakComparison[]>();
  for (const w of weak) {
    const key = `${w.sink.model}\0${w.value.type}`;
    const group = groups.get(key);
    if (group) group.push(w);
    else groups.set(key, [w]);
  }
  const zAlone = Math.max(Z95, normalQuantile(family.confidence));
  const corrected = family.correction !== "none" && family.size > 1;
  const zFamily = corrected ? Math.max(Z95, normalQuantile(1 - family.alpha / family.size)) : null;
  const level = `${roundMetric(family.confidence * 100)} %`;
  return [...groups.values()].map((group) => {
    const first = group[0] as WeakComparison;
    const widest = group.reduce((a, b) => (b.se / b.tolerance > a.se / a.tolerance ? b : a));
    const interval = `±${roundMetric(Number((Z95 * widest.se).toPrecision(3)))}`;
    const tolerance = `tolerance ${roundMetric(widest.tolerance)}`;
    const what =
      group.length === 1
        ? `${metricLabel(first.value)}: the 95 % interval of the difference (${interval}) is wider than its ${tolerance}, so a drop of that size cannot be told from noise`
        : `${first.value.type}: ${group.length} gated differences have a 95 % interval wider than their tolerance (widest: ${metricLabel(widest.value)}, ${interval} against a ${tolerance}), so drops of that size cannot be told from noise`;
    const alone = needed(group, zAlone);
    const over =
      zFamily === null
        ? ""
        : `, ${needed(group, zFamily)} in this family of ${family.size} comparisons (${formatP(family.alpha)}/${family.size})`;
    const message = `${what}; ${alone} would make ${group.length === 1 ? "it" : "each"} detectable at ${level}${over === "" ? "" : " alone"}${over}`;
    const at = { file: first.value.file, line: first.value.line };
    return { sink: first.sink, finding: ["eval.underpowered", "notice", at, message] };
  });
}

/** "about 4,900 a side", or, when a side has an interval but no n, "a sample about 3.2× larger". */
function needed(group: readonly WeakComparison[], z: number): string {
  let n = 0;
  let factor = 0;
  for (const w of group) {
    if (w.perUnit !== null) n = Math.max(n, samplePerSide(w.perUnit, w.tolerance, z));
    else factor = Math.max(factor, ((z * w.se) / w.tolerance) ** 2);
  }
  const parts: string[] = [];
  if (n > 0) parts.push(`about ${roundUp(n).toLocaleString("en-US")} a side`);
  if (factor > 0) parts.push(`a sample about ${roundMetric(Number(factor.toPrecision(2)))}× the current one`);
  return parts.join(" (or, where only an interval is given, ") + (n > 0 && factor > 0 ? ")" : "");
}

/** Up to three significant digits, rounding up: a sample size is a minimum. */
function roundUp(n: number): number {
  const step = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 2);
  return Math.ceil(n / step) * step;
}
