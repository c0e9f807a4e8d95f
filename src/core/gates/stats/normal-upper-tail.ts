/**
 * Q(z) = P(Z > z) for a standard normal Z: the one-sided p-value of a z statistic.
 *
 * Hart et al. (1968), "Computer Approximations", algorithm 5666 for the normal integral, as given
 * by G. West, "Better approximations to cumulative normal functions", Wilmott Magazine (2005),
 * fig. 2: a rational function of |z| times exp(−z²/2) below |z| = 10/√2 (absolute error below
 * 1e-15, relative below 1e-8). Above, Laplace's continued fraction Q(x) = φ(x) / (x + 1/(x +
 * 2/(x + 3/(x + …)))) (Abramowitz & Stegun 26.2.14), here to 40 terms where West keeps 4 and a
 * constant tail. The tail is computed directly, never as 1 − Φ(z), so a p-value of 1e-12 keeps
 * its digits.
 */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) return Number.NaN;
  const lower = lowerTailOfAbs(Math.abs(z)); // P(Z < −|z|) = P(Z > |z|)
  return z >= 0 ? lower : 1 - lower;
}

/** Below this |z| the rational function is used; above it the continued fraction. */
const SPLIT = 7.07106781186547;

/** Terms of the continued fraction: at x ≥ 7.07 forty are far more than double precision needs. */
const CF_TERMS = 40;

/** P(Z > x) for x ≥ 0. */
function lowerTailOfAbs(x: number): number {
  if (x > 37) return 0;
  const e = Math.exp((-x * x) / 2);
  if (x < SPLIT) {
    let num = 3.52624965998911e-2 * x + 0.700383064443688;
    num = num * x + 6.37396220353165;
    num = num * x + 33.912866078383;
    num = num * x + 112.079291497871;
    num = num * x + 221.213596169931;
    num = num * x + 220.206867912376;
    let den = 8.83883476483184e-2 * x + 1.75566716318264;
    den = den * x + 16.064177579207;
    den = den * x + 86.7807322029461;
    den = den * x + 296.564248779674;
    den = den * x + 637.333633378831;
    den = den * x + 793.826512519948;
    den = den * x + 440.413735824752;
    return (e * num) / den;
  }
  let cf = x;
  for (let k = CF_TERMS; k >= 1; k--) cf = x + k / cf;
  return e / cf / Math.sqrt(2 * Math.PI);
}
