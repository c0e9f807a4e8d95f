/**
 * Resolves a path written inside a card or manifest (`experiment`, `metrics_file`, …) to a
 * repository path (SPEC §1.2): relative to the folder of `fromFile`, or to the repository root
 * when it starts with `/`. Untrusted input: anything that could escape the repository or be read
 * differently on another OS is refused with a reason, never "fixed".
 */
export function resolveRepoPath(fromFile: string, ref: string): { path: string } | { error: string } {
  if (ref.trim() === "") return { error: "the path is empty" };
  if (ref.includes("\0")) return { error: "the path contains a NUL character" };
  if (ref.includes("\\")) return { error: `"${ref}" contains a backslash; paths must be POSIX (use /)` };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) return { error: `"${ref}" is a URL, not a repository path` };

  const segments = ref.split("/");
  if (segments.includes(".."))
    return { error: `"${ref}" has a ".." segment; paths may not leave their folder` };

  const base = ref.startsWith("/") ? [] : fromFile.split("/").slice(0, -1);
  const parts = [...base, ...segments].filter((s) => s !== "" && s !== ".");
  if (parts.length === 0) return { error: `"${ref}" points at the repository root, not a file` };
  return { path: parts.join("/") };
}
