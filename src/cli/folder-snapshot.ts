import { createHash } from "node:crypto";
import { lstat, open, readdir, readlink } from "node:fs/promises";
import path from "node:path";
import { diffByContent } from "../core/diff-by-content.ts";
import { LIMITS } from "../core/parse/safe-yaml.ts";
import type { FileContent, ReadRequest, ReadResult, RepoSnapshot, Side } from "../core/types.ts";
import { fileKey } from "../core/types.ts";
import { NO_FOLLOW_READ, readRegularFile, readUpTo } from "./read-regular-file.ts";

const SKIP_DIRS = new Set([".git", "node_modules"]);

/**
 * What a symbolic link in the folder is (SPEC §1.3). `refuse` (folder mode): a path that is, or
 * passes through, a link is refused unread. `git` (the work tree in git mode): a link is what git
 * stores for it (mode 120000), its target as text, never the file it names; git does not descend
 * through a linked folder, so a path through one does not exist.
 */
export type LinkMode = "refuse" | "git";

/** Reads one side of a PR from a folder: `--base-dir` and `--head-dir`, and the demo. */
export class FolderSide {
  #files: Promise<Map<string, string>> | null = null;
  constructor(
    readonly root: string,
    readonly links: LinkMode = "refuse",
  ) {}

  /** Every file path (POSIX, relative) with the sha256 of its content, for diffing. */
  files(): Promise<Map<string, string>> {
    this.#files ??= walk(this.root);
    return this.#files;
  }

  async read(rel: string): Promise<FileContent> {
    const parts = rel.split("/");
    let full = this.root;
    // lstat each step below the root: a link anywhere on the way is seen, never followed.
    for (const [i, part] of parts.entries()) {
      full = path.join(full, part);
      const s = await lstat(full).catch(() => null);
      if (s === null) return { kind: "missing" };
      const last = i === parts.length - 1;
      if (s.isSymbolicLink()) {
        if (this.links === "git") return last ? linkAsGitStoresIt(full) : { kind: "missing" };
        const through = parts.slice(0, i + 1).join("/");
        return {
          kind: "refused",
          reason: last ? "is a symbolic link" : `passes through ${through}, which is a symbolic link`,
        };
      }
      if (!last && !s.isDirectory()) return { kind: "missing" };
    }
    return readRegularFile(full);
  }

  /** The sub-folders of a folder that hold files. */
  async folders(dir: string): Promise<string[]> {
    const all = await this.files();
    const prefix = dir === "" ? "" : `${dir}/`;
    const out = new Set<string>();
    for (const p of all.keys()) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      if (rest.includes("/")) out.add(prefix + rest.slice(0, rest.indexOf("/")));
    }
    return [...out].sort();
  }

  async list(dir: string): Promise<string[]> {
    const all = await this.files();
    return [...all.keys()]
      .filter((p) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "") === dir)
      .sort();
  }
}

/** A link's blob in git: the target path, as text. Binary never; too large never (a path). */
async function linkAsGitStoresIt(full: string): Promise<FileContent> {
  const target = await readlink(full).catch(() => null);
  return target === null ? { kind: "missing" } : { kind: "text", text: target };
}

/** A snapshot of two folders: changed files by content, renames by identical content. */
export function folderSnapshot(base: FolderSide | null, head: FolderSide): RepoSnapshot {
  const side = (s: Side) => (s === "head" ? head : base);
  return {
    changedFiles: async () => diffByContent(base ? await base.files() : new Map(), await head.files()),
    read: async (req: ReadRequest): Promise<ReadResult> => {
      const files = new Map<string, FileContent>();
      const dirs = new Map<string, string[]>();
      const folders = new Map<string, string[]>();
      await Promise.all([
        ...req.dirs
          .filter((d) => d.folders)
          .map(async (d) => {
            const s = side(d.side);
            folders.set(fileKey(d.side, d.path), s ? await s.folders(d.path) : []);
          }),
        ...req.files.map(async (f) => {
          const s = side(f.side);
          files.set(fileKey(f.side, f.path), s ? await s.read(f.path) : { kind: "missing" });
        }),
        ...req.dirs.map(async (d) => {
          const s = side(d.side);
          dirs.set(fileKey(d.side, d.path), s ? await s.list(d.path) : []);
        }),
      ]);
      return { files, dirs, folders };
    },
    listAll: async (s: Side) => {
      const folder = side(s);
      return folder ? [...(await folder.files()).keys()].sort() : [];
    },
  };
}

async function walk(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const stack = [""];
  while (stack.length > 0) {
    const rel = stack.pop() as string;
    const entries = await readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) stack.push(child);
      } else if (e.isSymbolicLink()) {
        // Listed, so that a linked card is reported; identified by its target, never followed.
        out.set(child, `link:${await readlink(path.join(root, child)).catch(() => "")}`);
      } else if (e.isFile()) {
        out.set(child, await hashFile(path.join(root, child)));
      }
      // FIFOs, sockets and devices are not files of a repository: not listed, never opened.
    }
  }
  return out;
}

async function hashFile(full: string): Promise<string> {
  const handle = await open(full, NO_FOLLOW_READ).catch(() => null);
  if (handle === null) return "unreadable";
  try {
    const s = await handle.stat();
    if (!s.isFile()) return "not-a-file";
    // Large files (model weights) are compared by size and mtime-free identity: hashing GBs is not our job here.
    if (s.size > 64 * LIMITS.maxFileBytes) return `size:${s.size}`;
    return createHash("sha256")
      .update(await readUpTo(handle, s.size))
      .digest("hex");
  } finally {
    await handle.close();
  }
}
