import type { EvalMetric } from "./eval-metric.ts";
import type { Anchor, EvalSink } from "./eval-sink.ts";
import { nocaseGlob } from "./nocase-glob.ts";

/** SPEC §3.4 `eval.missing-slice`: each required pattern must match a slice of some metric. */
export function checkRequiredSlices(
  head: readonly EvalMetric[],
  patterns: readonly string[],
  at: Anchor,
  sink: EvalSink,
): void {
  if (patterns.length === 0) return;
  // Few distinct slices (regions, segments) carry many values each: test patterns on those.
  const slices = new Set<string>();
  for (const h of head) if (h.metric.slice !== null) slices.add(h.metric.slice);
  for (const pattern of patterns) {
    const matches = nocaseGlob(pattern);
    let found = false;
    for (const s of slices) if (matches(s)) found = true;
    if (!found)
      sink.add("eval.missing-slice", "error", at, `no slice matches the required pattern ${pattern}`);
  }
}
