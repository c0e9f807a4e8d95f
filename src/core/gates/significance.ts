import { normalQuantile } from "./evaluation/normal-quantile.ts";

/** What the test reads from one side of a comparison; a `MetricValue` is one. */
export interface SignificanceSide {
  value: number;
  n: number | null;
  /** 95 % confidence interval. */
  ci: readonly [number, number] | null;
}

/** The test statistic and the threshold it must exceed; "unknown" when neither side has n or ci. */
export type Significance = { z: number; critical: number } | "unknown";

/** Width of a 95 % normal interval in standard errors: 2 × 1.95996. */
const CI95_WIDTH_IN_SE = 3.92;

/**
 * SPEC §3.4: the one-sided two-sample z-test of a drop (a positive change in the worse
 * direction). H0: no difference. The drop is significant when z = drop / SE exceeds the normal
 * quantile of `confidence` (1.645 at 0.95). Both sides' variances add: each is an estimate.
 * SPEC §3.4 calls the test unknown only "when neither side gives what the test needs": a side
 * without n or ci contributes no variance (it is taken as exact), the other side's still counts.
 */
export function significance(
  head: SignificanceSide,
  base: SignificanceSide,
  drop: number,
  confidence: number,
): Significance {
  const seHead = standardError(head);
  const seBase = standardError(base);
  if (seHead === null && seBase === null) return "unknown";
  const se = Math.sqrt((seHead ?? 0) ** 2 + (seBase ?? 0) ** 2);
  // Two exact values (zero-width intervals): any drop is real, no drop is not.
  const z = se > 0 ? drop / se : drop > 0 ? Infinity : 0;
  return { z, critical: normalQuantile(confidence) };
}

/** From the interval when given (it is what the team measured), else the binomial proportion's. */
function standardError(side: SignificanceSide): number | null {
  const ci = side.ci;
  if (ci !== null && Number.isFinite(ci[0]) && Number.isFinite(ci[1]) && ci[1] >= ci[0]) {
    return (ci[1] - ci[0]) / CI95_WIDTH_IN_SE;
  }
  const { value: p, n } = side;
  if (n === null || !(n > 0) || !(p >= 0 && p <= 1)) return null;
  return Math.sqrt((p * (1 - p)) / n);
}
