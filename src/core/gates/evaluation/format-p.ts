/**
 * A p-value or significance level for messages: three significant digits, in exponent form
 * below 0.001 (2.4e-4), so that 0.05/210 and a p of 1e-12 both read at a glance.
 */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  if (p === 0) return "0";
  if (p >= 0.001) return String(Number(p.toPrecision(3)));
  const [mantissa, exponent] = p.toExponential(2).split("e");
  return `${Number(mantissa)}e${exponent}`;
}
