/**
 * A path written in a DVC file, relative to that file's folder, as a repository path; null when
 * it would leave the repository, or is not a POSIX path (SPEC §1.3). `./a/../b` is normalised.
 */
export function joinDvcPath(dir: string, raw: string): string | null {
  if (raw.includes("\\") || raw.includes("\0") || raw.startsWith("/") || /^[a-z][a-z0-9+.-]*:\/\//i.test(raw))
    return null;
  const parts: string[] = dir === "" ? [] : dir.split("/");
  for (const seg of raw.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (parts.length === 0) return null;
      parts.pop();
      continue;
    }
    parts.push(seg);
  }
  return parts.length === 0 ? null : parts.join("/");
}

/** A path and the paths under it: an output folder (`data/features`) holds `data/features/x.pkl`. */
export const covers = (outer: string, inner: string): boolean =>
  inner === outer || inner.startsWith(`${outer}/`);
