import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { diffByContent } from "../core/diff-by-content.ts";
import { LIMITS } from "../core/parse/safe-yaml.ts";
import type { FileContent, ReadRequest, ReadResult, RepoSnapshot, Side } from "../core/types.ts";
import { fileKey } from "../core/types.ts";

const SKIP_DIRS = new Set([".git", "node_modules"]);

/** Reads one side of a PR from a folder: `--base-dir` and `--head-dir`, and the demo. */
export class FolderSide {
  #files: Promise<Map<string, string>> | null = null;
  constructor(readonly root: string) {}

  /** Every file path (POSIX, relative) with the sha256 of its content, for diffing. */
  files(): Promise<Map<string, string>> {
    this.#files ??= walk(this.root);
    return this.#files;
  }

  async read(rel: string): Promise<FileContent> {
    const full = path.join(this.root, ...rel.split("/"));
    try {
      const s = await stat(full);
      if (!s.isFile()) return { kind: "missing" };
      if (s.size > LIMITS.maxFileBytes) return { kind: "too-large", bytes: s.size };
      return { kind: "text", text: await readFile(full, "utf8") };
    } catch {
      return { kind: "missing" };
    }
  }

  async list(dir: string): Promise<string[]> {
    const all = await this.files();
    return [...all.keys()]
      .filter((p) => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "") === dir)
      .sort();
  }
}

/** A snapshot of two folders: changed files by content, renames by identical content. */
export function folderSnapshot(base: FolderSide | null, head: FolderSide): RepoSnapshot {
  const side = (s: Side) => (s === "head" ? head : base);
  return {
    changedFiles: async () => diffByContent(base ? await base.files() : new Map(), await head.files()),
    read: async (req: ReadRequest): Promise<ReadResult> => {
      const files = new Map<string, FileContent>();
      const dirs = new Map<string, string[]>();
      await Promise.all([
        ...req.files.map(async (f) => {
          const s = side(f.side);
          files.set(fileKey(f.side, f.path), s ? await s.read(f.path) : { kind: "missing" });
        }),
        ...req.dirs.map(async (d) => {
          const s = side(d.side);
          dirs.set(fileKey(d.side, d.path), s ? await s.list(d.path) : []);
        }),
      ]);
      return { files, dirs };
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
      } else if (e.isFile()) {
        out.set(child, await hashFile(path.join(root, child)));
      }
    }
  }
  return out;
}

async function hashFile(full: string): Promise<string> {
  const s = await stat(full);
  // Large files (model weights) are compared by size and mtime-free identity: hashing GBs is not our job here.
  if (s.size > 64 * LIMITS.maxFileBytes) return `size:${s.size}`;
  return createHash("sha256")
    .update(await readFile(full))
    .digest("hex");
}
