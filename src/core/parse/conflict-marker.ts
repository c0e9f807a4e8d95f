/**
 * Line of the first unresolved git merge-conflict marker (`<<<<<<< `), or null. A committed
 * conflict means the file is not what its author meant, whatever a YAML parser makes of it.
 */
export function findConflictMarker(text: string): number | null {
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => /^<{7}(?: |$)/.test(l));
  if (i < 0) return null;
  // A lone "<<<<<<<" could be prose; insist on the rest of the conflict after it.
  const rest = lines.slice(i + 1);
  return rest.some((l) => /^={7}\s*$/.test(l)) && rest.some((l) => /^>{7}(?: |$)/.test(l)) ? i + 1 : null;
}
