/**
 * A metric number for messages and the table: 12 significant digits, which drops the binary
 * noise of a subtraction (0.943 − 0.931 = 0.012000000000000011 → 0.012) and keeps everything a
 * metric could mean. Interpolate the result (`${roundMetric(x)}`) to print it.
 */
export function roundMetric(x: number): number {
  return Number.isInteger(x) || !Number.isFinite(x) ? x : Number(x.toPrecision(12));
}
