import path from "node:path";
import { DEFAULT_POLICY_PATH } from "../core/evaluate-pr.ts";
import type { RepoSnapshot } from "../core/types.ts";
import { FolderSide, folderSnapshot, type TextWatcher } from "./folder-snapshot.ts";
import { defaultBranch, git, gitSnapshot } from "./git-snapshot.ts";
import { assertDir, readText } from "./read-text.ts";
import { UsageError } from "./usage-error.ts";
import { withIgnoredFiles } from "./with-ignored-files.ts";

export interface SnapshotRequest {
  cwd: string;
  base?: string | undefined;
  baseDir?: string | undefined;
  headDir?: string | undefined;
  /** How to name `base` to people (`modelgate ci`: "the PR's base, 1a2b3c4"); default `--base REF`. */
  baseLabel?: string | undefined;
}

export interface OpenedSnapshot {
  snapshot: RepoSnapshot;
  /** The text of the base's `.github/modelgate.yml`, or null when it has none. */
  basePolicy: () => Promise<string | null>;
  /** What the base is, for people: "the merge-base with main (1a2b3c4)", "--base-dir ../old". */
  baseLabel: string;
  /** The repository's name (its folder's): a card at its root without a name is named after it. */
  repository: string;
  /** Folder mode: have `watcher` given the texts it wants as the folders are walked. */
  watch?: (watcher: TextWatcher) => void;
}

/**
 * Two folders, or the working tree against a git ref (default: the merge-base with the default
 * branch; in a repository without a commit yet, the empty tree, so everything is new).
 */
export async function openSnapshot(req: SnapshotRequest): Promise<OpenedSnapshot> {
  if (req.base !== undefined && req.baseDir !== undefined)
    throw new UsageError("give --base or --base-dir, not both", "check");
  // Without --head-dir the head would silently be the working folder, mixing two states.
  if (req.baseDir !== undefined && req.headDir === undefined)
    throw new UsageError(
      "--base-dir needs --head-dir: give --head-dir . to compare with the working folder",
      "check",
    );
  const headDir = path.resolve(req.cwd, req.headDir ?? ".");
  await assertDir(headDir, "--head-dir");
  if (req.baseDir !== undefined) {
    const baseDir = path.resolve(req.cwd, req.baseDir);
    await assertDir(baseDir, "--base-dir");
    const base = new FolderSide(baseDir);
    const head = new FolderSide(headDir);
    return {
      snapshot: folderSnapshot(base, head),
      watch: (watcher) => {
        base.watch(watcher);
        head.watch(watcher);
      },
      basePolicy: () => readText(path.join(baseDir, DEFAULT_POLICY_PATH)).catch(() => null),
      baseLabel: `--base-dir ${req.baseDir}`,
      repository: path.basename(headDir),
    };
  }
  const root = (
    await git(headDir, ["rev-parse", "--show-toplevel"]).catch(() => {
      throw new UsageError(
        `${headDir} is not in a git repository; use --base-dir and --head-dir to compare two folders`,
        "check",
      );
    })
  ).trim();
  const { ref, label } = await resolveBase(root, req.base, req.baseLabel);
  // A --head-dir below the root is checked as a repository of its own: paths relative to it.
  const prefix = (await git(headDir, ["rev-parse", "--show-prefix"])).trim();
  return {
    snapshot: withIgnoredFiles(gitSnapshot(root, ref, headDir, prefix), headDir),
    basePolicy: () => git(root, ["show", `${ref}:${prefix}${DEFAULT_POLICY_PATH}`]).catch(() => null),
    baseLabel: label,
    // A --head-dir below the root is a repository of its own; a checkout is named after its repository.
    repository: path.basename(prefix === "" ? root : headDir),
  };
}

/** Git's empty tree, which every repository knows without storing it. */
const EMPTY_TREE_SHA1 = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
const EMPTY_TREE_SHA256 = "6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321";

async function resolveBase(
  root: string,
  base: string | undefined,
  baseLabel: string | undefined,
): Promise<{ ref: string; label: string }> {
  if (base !== undefined) {
    const sha = await commitOf(root, base);
    if (sha === null) throw new UsageError(`--base ${base} is not a commit in ${root}`, "check");
    return { ref: sha, label: baseLabel ?? `--base ${base} (${sha.slice(0, 7)})` };
  }
  if ((await commitOf(root, "HEAD")) === null) {
    // `git init` and nothing committed yet: every file is new.
    const format = await git(root, ["rev-parse", "--show-object-format"]).catch(() => "sha1");
    const ref = format.trim() === "sha256" ? EMPTY_TREE_SHA256 : EMPTY_TREE_SHA1;
    return { ref, label: "the empty base (no commit yet)" };
  }
  const branch = await defaultBranch(root);
  const sha = (await git(root, ["merge-base", "HEAD", branch])).trim();
  return { ref: sha, label: `the merge-base with ${branch} (${sha.slice(0, 7)})` };
}

/** The commit a ref names, or null. */
export async function commitOf(root: string, ref: string): Promise<string | null> {
  const out = await git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]).catch(() => null);
  return out === null ? null : out.trim();
}
