/** Numbers as a person reads them in a table: at most 4 significant decimals, no float noise. */
export function formatNumber(n: number | null): string {
  if (n === null) return "—";
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 2 : abs >= 1 ? 3 : 4;
  return String(Number(n.toFixed(digits)));
}

/** A signed delta: "+0.012", "−0.012" (the minus sign reads better than a hyphen in tables). */
export function formatDelta(n: number | null): string {
  if (n === null) return "—";
  const s = formatNumber(Math.abs(n));
  if (n > 0) return `+${s}`;
  if (n < 0) return `−${s}`;
  return "0";
}
