import type { EvalMetric } from "./eval-metric.ts";

export interface Pairing {
  /** Parallel to the head metrics: the base metric each is compared with, or null. */
  baseOf: (EvalMetric | null)[];
  /** Base metrics no head metric pairs with: they vanished. */
  vanished: EvalMetric[];
}

/**
 * Pairs head with base metrics by the full key of SPEC §1.1, then, for what is left, by
 * (type, slice) when exactly one value on each side has it: that bridges a value that moved from
 * the card to the run, or a renamed eval dataset, without guessing between candidates. Linear:
 * one Map lookup per metric, and the second pass only indexes what the first left over.
 */
export function pairMetrics(head: readonly EvalMetric[], base: readonly EvalMetric[]): Pairing {
  const byKey = new Map<string, EvalMetric>();
  for (const b of base) if (!byKey.has(b.key)) byKey.set(b.key, b);
  const taken = new Set<EvalMetric>();
  const baseOf: (EvalMetric | null)[] = new Array(head.length).fill(null);
  let unpaired = 0;
  head.forEach((h, i) => {
    const b = byKey.get(h.key);
    if (b === undefined || taken.has(b)) {
      unpaired++;
      return;
    }
    taken.add(b);
    baseOf[i] = b;
  });
  if (unpaired > 0 && taken.size < base.length) pairLoosely(head, base, baseOf, taken);
  const vanished = taken.size === base.length ? [] : base.filter((b) => !taken.has(b));
  return { baseOf, vanished };
}

function pairLoosely(
  head: readonly EvalMetric[],
  base: readonly EvalMetric[],
  baseOf: (EvalMetric | null)[],
  taken: Set<EvalMetric>,
): void {
  const baseLeft = uniqueByLooseKey(base.filter((b) => !taken.has(b)));
  const headLeft = uniqueByLooseKey(head.filter((_, i) => baseOf[i] === null));
  head.forEach((h, i) => {
    if (baseOf[i] !== null || headLeft.get(h.looseKey) !== h) return;
    const b = baseLeft.get(h.looseKey);
    if (b === undefined || b === null) return;
    taken.add(b);
    baseOf[i] = b;
  });
}

/** By loose key; null marks a key that several metrics share (ambiguous, so never paired). */
function uniqueByLooseKey(metrics: readonly EvalMetric[]): Map<string, EvalMetric | null> {
  const index = new Map<string, EvalMetric | null>();
  for (const m of metrics) index.set(m.looseKey, index.has(m.looseKey) ? null : m);
  return index;
}
