import type { MetricValue } from "../../types.ts";
import type { Anchor, EvalSink } from "./eval-sink.ts";
import { type NameMatcher, nocaseGlob } from "./nocase-glob.ts";

/** SPEC §3.4 `eval.missing-slice`: each required pattern must match a slice of some value. */
export function checkRequiredSlices(
  head: readonly MetricValue[],
  patterns: readonly string[],
  at: Anchor,
  sink: EvalSink,
): void {
  if (patterns.length === 0) return;
  let wanted: Array<{ pattern: string; matches: NameMatcher }> = patterns.map((pattern) => ({
    pattern,
    matches: nocaseGlob(pattern),
  }));
  // Stops as soon as every pattern has matched, which a passing model does within its first slices.
  let previous: string | null = null;
  for (const { slice } of head) {
    if (slice === null || slice === previous) continue;
    previous = slice;
    wanted = wanted.filter(({ matches }) => !matches(slice));
    if (wanted.length === 0) return;
  }
  for (const { pattern } of wanted) {
    sink.add("eval.missing-slice", "error", at, `no slice matches the required pattern ${pattern}`);
  }
}
