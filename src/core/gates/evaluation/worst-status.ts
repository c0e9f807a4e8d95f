import type { MetricStatus } from "../../types.ts";

// What the table shows when several verdicts apply to one value: the one a reviewer must see.
const RANK: Record<MetricStatus, number> = {
  ok: 0,
  improved: 1,
  new: 2,
  "low-n": 3,
  "not-comparable": 4,
  "not-significant": 5,
  "above-max": 6,
  "below-min": 7,
  regression: 8,
};

export function worstStatus(a: MetricStatus, b: MetricStatus): MetricStatus {
  if (a === "ok") return b;
  if (b === "ok") return a;
  return RANK[b] > RANK[a] ? b : a;
}
