import type { MetricValue } from "../../types.ts";

/**
 * SPEC §1.1: base and head values pair by (type, name, dataset name, config, split, slice), as
 * written. These are the three ways the gate tells that two values measure the same thing, from
 * cheapest to most forgiving.
 */
export const metricIdentity = {
  /** Same identity, by string comparison: no key to build or hash. */
  same(a: MetricValue, b: MetricValue): boolean {
    return (
      a.type === b.type &&
      a.slice === b.slice &&
      a.dataset === b.dataset &&
      a.name === b.name &&
      a.config === b.config &&
      a.split === b.split
    );
  },
  /** The identity as a Map key. A separator per field keeps it unambiguous with fields left out. */
  key(m: MetricValue): string {
    let key = m.type;
    if (m.name !== null) key += `\u0001${m.name}`;
    if (m.dataset !== null) key += `\u0002${m.dataset}`;
    if (m.config !== null) key += `\u0003${m.config}`;
    if (m.split !== null) key += `\u0004${m.split}`;
    if (m.slice !== null) key += `\u0005${m.slice}`;
    return key;
  },
  /** (type, slice), case-insensitively: for a value that moved between card and run, or datasets. */
  looseKey(m: MetricValue): string {
    return m.slice === null ? m.type.toLowerCase() : `${m.type.toLowerCase()}\u0005${m.slice.toLowerCase()}`;
  },
} as const;
