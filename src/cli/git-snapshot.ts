import { execFile } from "node:child_process";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { LIMITS } from "../core/parse/safe-yaml.ts";
import type { ChangedFile, FileContent, ReadRequest, ReadResult, RepoSnapshot } from "../core/types.ts";
import { fileKey } from "../core/types.ts";
import { eachLimited } from "./each-limited.ts";
import { FolderSide } from "./folder-snapshot.ts";
import { looksBinary } from "./read-regular-file.ts";

const run = promisify(execFile);
/** Git processes and reads of one batch at a time: enough to overlap them, far below any process limit. */
const GIT_TASKS = 16;

export async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run("git", args, { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** The default branch: origin's HEAD when known, else `main` or `master`, whichever exists. */
export async function defaultBranch(cwd: string): Promise<string> {
  const head = await git(cwd, ["symbolic-ref", "--quiet", "refs/remotes/origin/HEAD"]).catch(() => "");
  if (head.trim()) return head.trim().replace(/^refs\/remotes\//, "");
  for (const b of ["main", "master"]) {
    const ok = await git(cwd, ["rev-parse", "--verify", "--quiet", b]).then(
      () => true,
      () => false,
    );
    if (ok) return b;
  }
  throw new Error("cannot find the default branch (no origin/HEAD, main or master); pass --base REF");
}

/**
 * The working tree against a git ref: what a PR from this checkout would change. `headDir` is
 * the repository's root or a folder in it (`prefix`, e.g. `ml/`): then that folder is the
 * repository that is checked, and every path is relative to it.
 */
export function gitSnapshot(root: string, baseRef: string, headDir = root, prefix = ""): RepoSnapshot {
  // The work tree as git sees it: a link is its target's path (mode 120000), never that file.
  const head = new FolderSide(headDir, "git");
  return {
    changedFiles: async () => {
      // Run in headDir: --relative and ls-files keep to it, with paths relative to it.
      const diff = await git(headDir, ["diff", "--name-status", "-M", "-z", "--relative", baseRef, "--"]);
      const untracked = (await git(headDir, ["ls-files", "--others", "--exclude-standard", "-z"]))
        .split("\0")
        .filter(Boolean);
      return pairMoves(headDir, baseRef, prefix, parseNameStatus(diff), untracked);
    },
    read: async (req: ReadRequest): Promise<ReadResult> => {
      const files = new Map<string, FileContent>();
      const dirs = new Map<string, string[]>();
      const folders = new Map<string, string[]>();
      const tags: string[] = [];
      // Each task is a git process (or a file read): at most GIT_TASKS at once, since a batch of
      // a repository-wide check holds tens of thousands of them.
      const tasks: Array<() => Promise<void>> = [
        ...(req.tags ?? []).map((prefix) => async () => {
          // A tag is the repository's, not a side's: GTO's registry of versions.
          const out = await git(root, ["tag", "--list", "--", `${prefix}*`]).catch(() => "");
          tags.push(...out.split("\n").filter((t) => t.startsWith(prefix)));
        }),
        ...req.dirs
          .filter((d) => d.folders)
          .map((d) => async () => {
            folders.set(
              fileKey(d.side, d.path),
              d.side === "head"
                ? await listWorkTree(headDir, d.path, "folders")
                : await listAtRef(root, baseRef, prefix, d.path, "tree"),
            );
          }),
        ...req.files.map((f) => async () => {
          files.set(
            fileKey(f.side, f.path),
            f.side === "head" ? await head.read(f.path) : await readAtRef(root, baseRef, prefix + f.path),
          );
        }),
        ...req.dirs.map((d) => async () => {
          dirs.set(
            fileKey(d.side, d.path),
            d.side === "head"
              ? await listWorkTree(headDir, d.path)
              : await listAtRef(root, baseRef, prefix, d.path),
          );
        }),
      ];
      await eachLimited(tasks, GIT_TASKS, (task) => task());
      return { files, dirs, folders, tags };
    },
    // Paths relative to headDir, like every other path of this snapshot: ls-files run in headDir
    // keeps to it; ls-tree gets the prefix as its path and gives it back, so it is cut off.
    listAll: async (side) => {
      if (side === "head") {
        const out = await git(headDir, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
        return out.split("\0").filter(Boolean).sort();
      }
      const out = await git(root, [
        "ls-tree",
        "-r",
        "-z",
        "--name-only",
        baseRef,
        ...(prefix ? [prefix] : []),
      ]);
      return out
        .split("\0")
        .filter((p) => p !== "" && p.startsWith(prefix))
        .map((p) => p.slice(prefix.length))
        .sort();
    },
  };
}

/**
 * A folder moved with `mv` (not `git mv`) shows as removed files and untracked ones: pair them
 * by identical content, as git does for tracked files, so a moved card keeps its baseline.
 */
async function pairMoves(
  headDir: string,
  baseRef: string,
  prefix: string,
  tracked: ChangedFile[],
  untracked: string[],
): Promise<ChangedFile[]> {
  const added: ChangedFile[] = untracked.map((p) => ({ path: p, status: "added" }));
  const removed = tracked.filter((f) => f.status === "removed");
  if (removed.length === 0 || untracked.length === 0) return [...tracked, ...added];
  const headIds = (await git(headDir, ["hash-object", "--", ...untracked])).split("\n");
  const baseIds = await Promise.all(
    removed.map((f) => git(headDir, ["rev-parse", `${baseRef}:${prefix}${f.path}`]).catch(() => "")),
  );
  const byId = new Map<string, ChangedFile>();
  removed.forEach((f, i) => {
    const id = baseIds[i]?.trim();
    if (id && !byId.has(id)) byId.set(id, f);
  });
  const moved = new Set<ChangedFile>();
  const pairedAdded = added.map((a, i) => {
    const from = byId.get(headIds[i]?.trim() ?? "");
    if (!from || moved.has(from)) return a;
    moved.add(from);
    return { path: a.path, status: "renamed", previousPath: from.path } satisfies ChangedFile;
  });
  return [...tracked.filter((f) => !moved.has(f)), ...pairedAdded];
}

function parseNameStatus(out: string): ChangedFile[] {
  const parts = out.split("\0").filter((p) => p !== "");
  const files: ChangedFile[] = [];
  for (let i = 0; i < parts.length; ) {
    const status = parts[i++] ?? "";
    if (status.startsWith("R") || status.startsWith("C")) {
      const from = parts[i++] ?? "";
      const to = parts[i++] ?? "";
      files.push(
        status.startsWith("R")
          ? { path: to, status: "renamed", previousPath: from }
          : { path: to, status: "added" },
      );
      continue;
    }
    const p = parts[i++] ?? "";
    files.push({ path: p, status: status === "A" ? "added" : status === "D" ? "removed" : "modified" });
  }
  return files;
}

async function readAtRef(root: string, ref: string, rel: string): Promise<FileContent> {
  const size = await git(root, ["cat-file", "-s", `${ref}:${rel}`]).catch(() => null);
  if (size === null) return { kind: "missing" };
  const bytes = Number(size.trim());
  if (bytes > LIMITS.maxFileBytes) return { kind: "too-large", bytes };
  // A link at the ref is its blob, the target's path: git never follows it, and neither do we.
  const { stdout } = await run("git", ["cat-file", "blob", `${ref}:${rel}`], {
    cwd: root,
    encoding: "buffer",
    maxBuffer: 2 * LIMITS.maxFileBytes,
  });
  if (looksBinary(stdout)) return { kind: "binary", bytes: stdout.length };
  return { kind: "text", text: stdout.toString("utf8") };
}

async function listAtRef(
  root: string,
  ref: string,
  prefix: string,
  dir: string,
  type: "blob" | "tree" = "blob",
): Promise<string[]> {
  const full = prefix + (dir === "" ? "" : `${dir}/`);
  // `git ls-tree` lines are "mode type sha<TAB>path"; keep blobs, not sub-trees.
  const out = await git(root, ["ls-tree", "-z", "--full-name", ref, full === "" ? "." : full]).catch(
    () => "",
  );
  return out
    .split("\0")
    .filter((line) => line.split(" ")[1] === type)
    .map((line) => line.slice(line.indexOf("\t") + 1 + prefix.length))
    .sort();
}

async function listWorkTree(
  root: string,
  dir: string,
  what: "files" | "folders" = "files",
): Promise<string[]> {
  const entries = await readdir(path.join(root, ...dir.split("/").filter(Boolean)), {
    withFileTypes: true,
  }).catch(() => []);
  return entries
    .filter((e) =>
      // git lists a link as a file of its own
      what === "files" ? e.isFile() || e.isSymbolicLink() : e.isDirectory() && e.name !== ".git",
    )
    .map((e) => (dir ? `${dir}/${e.name}` : e.name))
    .sort();
}
