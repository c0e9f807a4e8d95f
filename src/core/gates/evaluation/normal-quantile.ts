import { normalUpperTail } from "../stats/normal-upper-tail.ts";

/**
 * The inverse of the standard normal CDF (the quantile function): P. J. Acklam, "An algorithm for
 * computing the inverse normal cumulative distribution function" (2003), a rational
 * approximation with relative error below 1.15e-9, refined by one step of Halley's method on the
 * CDF (the refinement Acklam gives, with Hart's CDF from normal-upper-tail.ts), which brings it to
 * about 1e-15. Closed-form: no iteration to bound and no dependency.
 */

// Coefficients of the central and tail rational functions (Acklam, 2003).
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
  2.506628277459239,
] as const;
const B = [
  -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
] as const;
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
] as const;
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416] as const;

/** Below this probability (and above 1 − it) the tail approximation is used. */
const P_LOW = 0.02425;

/** The z such that P(Z ≤ z) = p for a standard normal Z. NaN outside (0, 1). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : Number.NaN;
  const x = acklam(p);
  // Halley's step: e is the CDF's error at x, u = e / φ(x). The lower tail Φ(x) = Q(−x).
  const e = normalUpperTail(-x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

function acklam(p: number): number {
  if (p < P_LOW) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - P_LOW) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  const num = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q;
  const den = ((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1;
  return num / den;
}

function tail(q: number): number {
  const num = ((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5];
  const den = (((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1;
  return num / den;
}
