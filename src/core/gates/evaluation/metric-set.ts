import type { MetricValue } from "../../types.ts";

/**
 * One side's metric values and, parallel to them, the manifest `data` key each was scored on.
 * Parallel arrays rather than a wrapper per value: a side is usually the manifest's own two
 * arrays, used as they are, which keeps a million values free of a million allocations.
 */
export interface MetricSet {
  values: readonly MetricValue[];
  dataKeys: readonly string[];
}
