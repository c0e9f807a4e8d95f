import type { KeyPath } from "./key-path.ts";

export interface SourceText {
  /** The file's lines, for reading a scalar as written. */
  lines: ReadonlyArray<string>;
  lineOf(path: ReadonlyArray<PropertyKey>): number | null;
}

/**
 * A field meant as a string that YAML may have read as a number (`version: 1.10` → 1.1,
 * `commit: 1234567e1` → 12345670): recovers the token as written on the key's line, and falls
 * back to `String(value)` when it cannot be found. Strings pass through; anything else is null.
 */
export function scalarText(value: unknown, path: KeyPath, src: SourceText): string | null {
  if (typeof value === "string") return value;
  if (typeof value !== "number") return null;
  const key = path[path.length - 1];
  const line = src.lineOf(path);
  if (typeof key !== "string" || line === null) return String(value);
  const raw = tokenAfterKey(src.lines[line - 1] ?? "", key);
  return raw !== null && Number(raw) === value ? raw : String(value);
}

function tokenAfterKey(line: string, key: string): string | null {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`(?:^|[\\s{,])["']?${escaped}["']?\\s*:\\s*([^\\s,}\\]#"']+)`);
  return re.exec(line)?.[1] ?? null;
}
