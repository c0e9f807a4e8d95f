import type { MetricValue } from "../../types.ts";
import { metricIdentity } from "./metric-identity.ts";

export interface Pairing {
  /** Parallel to the head values: the base value each is compared with, or null. */
  baseOf: (MetricValue | null)[];
  /** Base values no head value pairs with: they vanished. */
  vanished: MetricValue[];
}

/** Pairing state shared by the passes: `taken[i]` marks base[i] as paired. */
interface Pass {
  head: readonly MetricValue[];
  base: readonly MetricValue[];
  baseOf: (MetricValue | null)[];
  taken: Uint8Array;
  paired: number;
}

/**
 * Pairs head with base values in linear time, in passes that each handle what the previous left:
 * 1. by position: a regenerated metrics list usually keeps its order, and comparing strings that
 *    are equal is cheaper than hashing them;
 * 2. by the identity key (SPEC §1.1), one Map lookup per value;
 * 3. by (type, slice) when exactly one value on each side has it: that bridges a value that moved
 *    from the card to the run, or a renamed eval dataset, without guessing between candidates.
 */
export function pairMetrics(head: readonly MetricValue[], base: readonly MetricValue[]): Pairing {
  const s: Pass = {
    head,
    base,
    baseOf: new Array(head.length).fill(null),
    taken: new Uint8Array(base.length),
    paired: 0,
  };
  const common = Math.min(head.length, base.length);
  for (let i = 0; i < common; i++) {
    const h = head[i];
    const b = base[i];
    if (h !== undefined && b !== undefined && metricIdentity.same(h, b)) pair(s, i, i);
  }
  if (s.paired < common) pairBy(s, metricIdentity.key, false);
  if (s.paired < common) pairBy(s, metricIdentity.looseKey, true);
  const vanished = s.paired === base.length ? [] : base.filter((_, i) => s.taken[i] === 0);
  return { baseOf: s.baseOf, vanished };
}

function pair(s: Pass, h: number, b: number): void {
  s.baseOf[h] = s.base[b] ?? null;
  s.taken[b] = 1;
  s.paired++;
}

/** Pairs the values left over by `key`; `unique`: only where one value on each side has it. */
function pairBy(s: Pass, key: (m: MetricValue) => string, unique: boolean): void {
  const baseLeft = indexLeft(s.base, key, (i) => s.taken[i] === 0, unique);
  if (unique) {
    const headLeft = indexLeft(s.head, key, (i) => s.baseOf[i] === null, true);
    for (const [k, h] of headLeft) {
      const b = baseLeft.get(k);
      if (h !== null && b !== null && b !== undefined) pair(s, h, b);
    }
    return;
  }
  s.head.forEach((m, i) => {
    if (s.baseOf[i] !== null) return;
    const b = baseLeft.get(key(m));
    if (b !== null && b !== undefined && s.taken[b] === 0) pair(s, i, b);
  });
}

/** Index of the values `left` by key: the first one's position, or null when several share it. */
function indexLeft(
  values: readonly MetricValue[],
  key: (m: MetricValue) => string,
  left: (i: number) => boolean,
  unique: boolean,
): Map<string, number | null> {
  const index = new Map<string, number | null>();
  values.forEach((m, i) => {
    if (!left(i)) return;
    const k = key(m);
    if (!index.has(k)) index.set(k, i);
    else if (unique) index.set(k, null);
  });
  return index;
}
