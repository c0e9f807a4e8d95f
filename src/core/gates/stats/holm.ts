/** The verdict of a multiple-testing procedure on one hypothesis of the family. */
export interface FamilyDecision {
  rejected: boolean;
  /** 1-based rank of its p-value among the family's, ties sharing the first rank of their group. */
  rank: number;
  /**
   * The p-value it is measured against: its rank's critical level for Holm; for
   * Benjamini–Hochberg the step-up's cut-off k·q/m when rejected, its rank's level r·q/m when not.
   */
  threshold: number;
}

/**
 * Holm's sequentially rejective procedure: S. Holm, "A simple sequentially rejective multiple
 * test procedure", Scandinavian Journal of Statistics 6 (1979) 65–70. Sort the m p-values
 * ascending; reject H(1), H(2), … while p(i) ≤ α / (m − i + 1), and stop at the first that is
 * not: the rest stand. It controls the family-wise error rate (the chance of any false
 * rejection) at α for any dependence between the tests.
 *
 * `m` may exceed the p-values given: the family's other p-values are known to be above α (they
 * can be rejected by nothing, and sort after every given one), so only their number matters.
 * Returns one decision per given p-value, in the given order.
 */
export function holm(p: readonly number[], alpha: number, m: number = p.length): FamilyDecision[] {
  const order = ascending(p);
  const out = new Array<FamilyDecision>(p.length);
  let stopped = false;
  let groupRank = 0;
  for (let i = 0; i < order.length; i++) {
    const k = order[i] as number;
    const value = p[k] as number;
    // Ties share the rank (and so the threshold) of the first of their group.
    if (i === 0 || value !== p[order[i - 1] as number]) groupRank = i + 1;
    const threshold = alpha / (m - groupRank + 1);
    if (!(value <= threshold)) stopped = true;
    out[k] = { rejected: !stopped, rank: groupRank, threshold };
  }
  return out;
}

/** Indices of `p` sorted by value, NaN last (a p-value that is not one is never rejected). */
export function ascending(p: readonly number[]): number[] {
  const key = (i: number) => (Number.isNaN(p[i]) ? Infinity : (p[i] as number));
  return p.map((_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
}
