/** 10^k for k in −320…320, exact as parsed: `10 ** k` is slower and not always the nearest double. */
const POW10 = Array.from({ length: 641 }, (_, i) => Number(`1e${i - 320}`));

/**
 * A metric number for messages and the table: 12 significant digits, which drops the binary
 * noise of a subtraction (0.943 − 0.931 = 0.012000000000000011 → 0.012) and keeps everything a
 * metric could mean. Arithmetic with a table of powers rather than `toPrecision`: it runs once
 * per table row, a million times within the engine's budget. Interpolate the result to print it.
 */
export function roundMetric(x: number): number {
  if (Number.isInteger(x) || !Number.isFinite(x)) return x;
  // x·10^(11−e) has 12 digits before the point when 10^e ≤ |x| < 10^(e+1).
  const scale = POW10[331 - Math.floor(Math.log10(Math.abs(x)))];
  // Near the ends of the double range the scale is missing or overflows: nothing to round there.
  if (scale === undefined || scale > 1e300) return x;
  return Math.round(x * scale) / scale;
}
