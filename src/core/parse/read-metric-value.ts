import { describeValue } from "./describe-value.ts";
import type { IssueSink } from "./issue-sink.ts";
import type { KeyPath } from "./key-path.ts";

/**
 * A metric's value, only when it is a finite number. `"31.43%"`, `"-147.07 +/- 80.80"`, null or
 * NaN are reported as warnings and the metric is left out: guessing a number would gate on a
 * value nobody wrote (SPEC §1.1).
 */
export function readMetricValue(value: unknown, path: KeyPath, sink: IssueSink): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  const got = value === undefined ? "is missing" : `is not a finite number (got ${describeValue(value)})`;
  sink.schema(path, `${got}; the metric is left out of gating`, "warning");
  return null;
}
