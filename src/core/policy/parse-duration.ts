import { DURATION_RE } from "./schema.ts";

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Milliseconds of a policy duration ("30s", "30m", "24h", "7d"); NaN for anything else, so a
 * caller that forgot to validate compares false instead of crashing on an event.
 */
export function parseDuration(s: string): number {
  const m = DURATION_RE.exec(s);
  const unit = m?.[2] === undefined ? undefined : UNIT_MS[m[2]];
  if (m === null || unit === undefined) return Number.NaN;
  const ms = Number(m[1]) * unit;
  return Number.isSafeInteger(ms) ? ms : Number.NaN;
}

const PARTS = [
  { unit: "d", ms: 86_400_000 },
  { unit: "h", ms: 3_600_000 },
  { unit: "min", ms: 60_000 },
  { unit: "s", ms: 1_000 },
] as const;

/**
 * A duration for people, in the largest unit and the next one when it is not zero, rounded down:
 * "2 d 3 h", "5 h", "45 min", "30 s". Two units are as precise as a soak countdown needs.
 * Negative durations read as "0 s"; non-finite ones as "unknown".
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "unknown";
  const rest = Math.max(0, Math.floor(ms));
  const i = PARTS.findIndex((p) => rest >= p.ms);
  const first = PARTS[i];
  if (first === undefined) return "0 s";
  const big = Math.floor(rest / first.ms);
  const next = PARTS[i + 1];
  const small = next === undefined ? 0 : Math.floor((rest % first.ms) / next.ms);
  return next === undefined || small === 0
    ? `${big} ${first.unit}`
    : `${big} ${first.unit} ${small} ${next.unit}`;
}
