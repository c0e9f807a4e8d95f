import type { Finding } from "../types.ts";

const MAX_FINDINGS = 10;

/**
 * One YAML error tends to cascade (a protobuf text file yields a hundred): keep the first finding
 * of each line, at most ten, so the author sees where to start rather than a wall of annotations.
 */
export function condenseFindings(findings: ReadonlyArray<Finding>): Finding[] {
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const key = `${f.code}:${f.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length <= MAX_FINDINGS) return unique;
  const kept = unique.slice(0, MAX_FINDINGS);
  const last = kept[MAX_FINDINGS - 1];
  if (last) {
    kept[MAX_FINDINGS - 1] = {
      ...last,
      message: `${last.message} (and ${unique.length - MAX_FINDINGS} more)`,
    };
  }
  return kept;
}
