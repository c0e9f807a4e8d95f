/**
 * A seeded PRNG for simulations: mulberry32 (T. Ettinger, public domain), 32-bit state, uniform
 * in [0, 1), plus standard normals by the Box–Muller transform (Box & Muller, Ann. Math. Statist.
 * 29, 1958). Same seed, same draws, on every machine: a benchmark's figures can be reproduced.
 */
export interface SeededRandom {
  uniform(): number;
  normal(): number;
  /** An integer in [0, n). */
  below(n: number): number;
  /** A binomial count: successes in n trials of probability p, exactly distributed. */
  binomial(n: number, p: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  let spare: number | null = null;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    uniform,
    normal() {
      if (spare !== null) {
        const s = spare;
        spare = null;
        return s;
      }
      const u = 1 - uniform(); // (0, 1]: log(0) never happens
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    below: (n) => Math.floor(uniform() * n),
    binomial: (n, p) => binomial(n, p, uniform),
  };
}

const logFactorials: number[] = [0];
function logFactorial(k: number): number {
  for (let i = logFactorials.length; i <= k; i++)
    logFactorials.push((logFactorials[i - 1] as number) + Math.log(i));
  return logFactorials[k] as number;
}

/**
 * Inversion by alternating search from the mode (Kemp, "A modal method for generating binomial
 * variables", Commun. Statist. Theory Meth. 15, 1986): one uniform u, and the probabilities of
 * the mode, then of its neighbours below and above in turn, are subtracted from u until it is
 * spent. Exact (it only orders the masses differently from plain inversion) and about 2σ steps,
 * not n. The mode's mass comes from log-factorials; its neighbours' by the pmf's ratio.
 */
function binomial(n: number, p: number, uniform: () => number): number {
  if (p <= 0) return 0;
  if (p >= 1) return n;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const odds = p / (1 - p);
  const f = Math.exp(
    logFactorial(n) -
      logFactorial(mode) -
      logFactorial(n - mode) +
      mode * Math.log(p) +
      (n - mode) * Math.log(1 - p),
  );
  let u = uniform() - f;
  if (u <= 0) return mode;
  let lo = mode;
  let hi = mode;
  let fLo = f;
  let fHi = f;
  while (lo > 0 || hi < n) {
    if (lo > 0) {
      fLo *= lo / ((n - lo + 1) * odds);
      lo--;
      u -= fLo;
      if (u <= 0) return lo;
    }
    if (hi < n) {
      fHi *= ((n - hi) * odds) / (hi + 1);
      hi++;
      u -= fHi;
      if (u <= 0) return hi;
    }
  }
  return mode; // what rounding left of u: the most likely count
}
