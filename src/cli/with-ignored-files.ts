import type { ChangedFile, RepoSnapshot } from "../core/types.ts";
import { git } from "./git-snapshot.ts";

/** More ignored files than any model repository has outside ignored folders: a bound, not a goal. */
const MAX_IGNORED = 10_000;

/**
 * The working tree's git-ignored files count as changes too. The engine reads a file the PR does
 * not change once and uses it for both sides; a file that exists only in the working tree (a
 * metrics file from `dvc pull` or `dvc repro`, which DVC lists in .gitignore) is not at the base,
 * and taking it for the base would hide every change in it. Wholly ignored folders
 * (`node_modules/`, `.venv/`) are one entry in git's listing and are skipped.
 */
export function withIgnoredFiles(snapshot: RepoSnapshot, headDir: string): RepoSnapshot {
  return {
    ...snapshot,
    changedFiles: async () => {
      const [changed, out] = await Promise.all([
        snapshot.changedFiles(),
        git(headDir, ["ls-files", "--others", "--ignored", "--exclude-standard", "--directory", "-z"]),
      ]);
      const known = new Set(changed.map((f) => f.path));
      const ignored = out
        .split("\0")
        .filter((p) => p !== "" && !p.endsWith("/") && !known.has(p))
        .slice(0, MAX_IGNORED);
      return [...changed, ...ignored.map((path): ChangedFile => ({ path, status: "added" }))];
    },
  };
}
