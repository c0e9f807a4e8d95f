/** `2026-11-27 14:02 UTC`: minutes are as precise as a soak needs, and UTC is unambiguous. */
export function formatUtc(ms: number, withZone = true): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${withZone ? " UTC" : ""}`;
}
