import type { MetricValue } from "../../types.ts";

/** How messages name a value: `auc`, or `auc [region=EU]` for a slice. */
export function metricLabel(m: MetricValue): string {
  return m.slice === null ? m.type : `${m.type} [${m.slice}]`;
}
