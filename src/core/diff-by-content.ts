import type { ChangedFile } from "./types.ts";

/**
 * The changed files between two trees given as path → content identity (the text itself, or a
 * hash of it). A removed path whose identity reappears at an added path is a rename, as git's
 * exact-rename detection reports a moved folder. Sorted by path. Linear in the number of files.
 */
export function diffByContent(
  base: ReadonlyMap<string, string>,
  head: ReadonlyMap<string, string>,
): ChangedFile[] {
  const out: ChangedFile[] = [];
  const removedById = new Map<string, string[]>();
  for (const [path, id] of base) {
    if (head.has(path)) continue;
    const list = removedById.get(id);
    if (list) list.push(path);
    else removedById.set(id, [path]);
  }
  const renamedFrom = new Set<string>();
  for (const [path, id] of head) {
    const before = base.get(path);
    if (before !== undefined) {
      if (before !== id) out.push({ path, status: "modified" });
      continue;
    }
    const from = removedById.get(id)?.find((p) => !renamedFrom.has(p));
    if (from === undefined) {
      out.push({ path, status: "added" });
      continue;
    }
    renamedFrom.add(from);
    out.push({ path, status: "renamed", previousPath: from });
  }
  for (const path of base.keys())
    if (!head.has(path) && !renamedFrom.has(path)) out.push({ path, status: "removed" });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
