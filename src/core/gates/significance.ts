import { normalQuantile } from "./evaluation/normal-quantile.ts";
import { normalUpperTail } from "./stats/normal-upper-tail.ts";
import { seFromCi, seFromN } from "./stats/standard-error.ts";

/** What the test reads from one side of a comparison; a `MetricValue` is one. */
export interface SignificanceSide {
  value: number;
  n: number | null;
  /** 95 % confidence interval. */
  ci: readonly [number, number] | null;
}

/**
 * The test statistic, its one-sided p-value, the threshold z must exceed at the confidence alone
 * (no family correction), and the standard error of the difference; "unknown" when neither side
 * has n or ci.
 */
export type Significance = { z: number; p: number; critical: number; se: number } | "unknown";

/** The standard error of a difference, and what a sample size per side would make of it. */
export interface DifferenceSe {
  se: number;
  /**
   * The per-sample variance of the difference, Σ SE²·n over the sides that have a variance: with
   * n samples a side the SE would be sqrt(perUnit / n). Null when a side with a variance has no n
   * (an interval alone says nothing about its sample).
   */
  perUnit: number | null;
}

/**
 * SPEC §3.4: the one-sided two-sample z-test of a drop (a positive change in the worse
 * direction). H0: no difference. The drop is significant when z = drop / SE exceeds the normal
 * quantile of `confidence` (1.645 at 0.95), i.e. when its p-value Q(z) is at most 1 − confidence.
 * Both sides' variances add: each is an estimate. SPEC §3.4 calls the test unknown only "when
 * neither side gives what the test needs": a side without n or ci contributes no variance (it is
 * taken as exact), the other side's still counts.
 */
export function significance(
  head: SignificanceSide,
  base: SignificanceSide,
  drop: number,
  confidence: number,
): Significance {
  const diff = differenceSe(head, base);
  if (diff === null) return "unknown";
  const z = zOf(drop, diff.se);
  return { z, p: normalUpperTail(z), critical: normalQuantile(confidence), se: diff.se };
}

/** z = drop / SE; two exact values (zero-width intervals) make any drop real and no drop not. */
export function zOf(drop: number, se: number): number {
  return se > 0 ? drop / se : drop > 0 ? Infinity : 0;
}

/** SE of head − base: the sides' variances add. Null when neither side has one. */
export function differenceSe(head: SignificanceSide, base: SignificanceSide): DifferenceSe | null {
  const h = standardError(head);
  const b = standardError(base);
  if (h === null && b === null) return null;
  const se = Math.sqrt((h ?? 0) ** 2 + (b ?? 0) ** 2);
  const hu = perUnitOf(head, h);
  const bu = perUnitOf(base, b);
  return { se, perUnit: hu === null || bu === null ? null : hu + bu };
}

/** SE²·n of one side: 0 for an exact side, null for a variance without a sample size. */
export function perUnitOf(side: SignificanceSide, se: number | null): number | null {
  if (se === null) return 0;
  return side.n !== null && side.n > 0 ? se * se * side.n : null;
}

/** A side's SE: from the interval when given (it is what the team measured), else the binomial proportion's. */
export function standardError(side: SignificanceSide): number | null {
  const ci = side.ci;
  const fromCi = ci === null ? null : seFromCi(ci[0], ci[1]);
  if (fromCi !== null) return fromCi;
  return side.n === null ? null : seFromN(side.value, side.n);
}
