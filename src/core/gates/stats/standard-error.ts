/**
 * Standard errors of one side of a comparison (SPEC §3.4).
 *
 * From a 95 % confidence interval: a normal interval is estimate ± 1.959964·SE, so its width is
 * 2 × 1.959964 = 3.92 standard errors and SE = (high − low) / 3.92 (Altman & Bland, "How to
 * obtain the standard deviation from a confidence interval", BMJ 2011;342:d1011 — the Cochrane
 * Handbook §6.5.2.2 gives the same rule).
 *
 * From n for a rate p in [0, 1]: the binomial proportion's SE = sqrt(p(1 − p) / n) (the Wald
 * standard error; e.g. Agresti, "Categorical Data Analysis", 3rd ed., §1.3.3).
 */

/** Width of a 95 % normal interval in standard errors, 2 × 1.959964, rounded as the sources do. */
export const CI95_WIDTH_IN_SE = 3.92;

/** SE from a 95 % interval; null for an interval that is not one (reversed, not finite). */
export function seFromCi(low: number, high: number): number | null {
  if (!Number.isFinite(low) || !Number.isFinite(high) || high < low) return null;
  return (high - low) / CI95_WIDTH_IN_SE;
}

/** SE of a proportion p measured on n samples; null when p is not a rate or n is not positive. */
export function seFromN(p: number, n: number): number | null {
  if (!(n > 0) || !Number.isFinite(n) || !(p >= 0 && p <= 1)) return null;
  return Math.sqrt((p * (1 - p)) / n);
}
