import type { MetricStatus } from "../../types.ts";

// What the table shows when several verdicts apply to one value: the one a reviewer must see.
const RANK: Record<MetricStatus, number> = {
  ok: 0,
  improved: 1,
  new: 2,
  "low-n": 3,
  "not-comparable": 4,
  "unguarded-drop": 5,
  "not-significant": 6,
  "above-max": 7,
  "below-min": 8,
  regression: 9,
};

export function worstStatus(a: MetricStatus, b: MetricStatus): MetricStatus {
  if (a === "ok") return b;
  if (b === "ok") return a;
  return RANK[b] > RANK[a] ? b : a;
}
