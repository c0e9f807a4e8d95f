import { ascending, type FamilyDecision } from "./holm.ts";

/**
 * The Benjamini–Hochberg step-up procedure: Y. Benjamini and Y. Hochberg, "Controlling the false
 * discovery rate: a practical and powerful approach to multiple testing", Journal of the Royal
 * Statistical Society B 57 (1995) 289–300, §3. Sort the m p-values ascending, let k be the
 * largest i with p(i) ≤ (i / m)·q, and reject H(1) … H(k). It controls the expected share of
 * false rejections among the rejections (the false discovery rate) at q for independent tests
 * (and, Benjamini & Yekutieli 2001, positively dependent ones).
 *
 * As for `holm`, `m` may exceed the p-values given when the others are known to be above q:
 * p(i) > q ≥ (i / m)·q, so none of them can be the k of the step-up.
 */
export function benjaminiHochberg(p: readonly number[], q: number, m: number = p.length): FamilyDecision[] {
  const order = ascending(p);
  const ranks = new Array<number>(order.length);
  let k = 0;
  let groupRank = 0;
  for (let i = 0; i < order.length; i++) {
    const value = p[order[i] as number] as number;
    if (i === 0 || value !== p[order[i - 1] as number]) groupRank = i + 1;
    ranks[i] = groupRank;
    // The step-up compares p(i) with its own position, i + 1, not its tie group's first rank.
    if (value <= ((i + 1) / m) * q) k = i + 1;
  }
  const cutoff = (k / m) * q;
  const out = new Array<FamilyDecision>(p.length);
  for (let i = 0; i < order.length; i++) {
    const rank = ranks[i] as number;
    const rejected = i < k;
    out[order[i] as number] = { rejected, rank, threshold: rejected ? cutoff : (rank / m) * q };
  }
  return out;
}
