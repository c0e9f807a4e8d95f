import { createHash } from "node:crypto";
import { lstat, open, readdir, readlink } from "node:fs/promises";
import path from "node:path";
import { diffByContent } from "../core/diff-by-content.ts";
import { LIMITS } from "../core/parse/safe-yaml.ts";
import type { FileContent, ReadRequest, ReadResult, RepoSnapshot, Side } from "../core/types.ts";
import { fileKey } from "../core/types.ts";
import { eachLimited } from "./each-limited.ts";
import { contentOf, NO_FOLLOW_READ, readRegularFile, readUpTo } from "./read-regular-file.ts";

const SKIP_DIRS = new Set([".git", "node_modules"]);

/**
 * What a symbolic link in the folder is (SPEC §1.3). `refuse` (folder mode): a path that is, or
 * passes through, a link is refused unread. `git` (the work tree in git mode): a link is what git
 * stores for it (mode 120000), its target as text, never the file it names; git does not descend
 * through a linked folder, so a path through one does not exist.
 */
export type LinkMode = "refuse" | "git";

/** Files the walk read and that a `read` may take instead of opening them again, in bytes. */
const MAX_KEPT_BYTES = 256 * 1024 * 1024;
/** Files opened at once: enough to keep the disk busy, far below any open-files limit. */
const CONCURRENT_FILES = 64;

/** Wants some of the texts the walk reads, as it reads them (the CLI's card-parsing threads). */
export interface TextWatcher {
  wants(rel: string): boolean;
  text(rel: string, text: string): void;
}

/** Reads one side of a PR from a folder: `--base-dir` and `--head-dir`, and the demo. */
export class FolderSide {
  #walk: Promise<Walk> | null = null;
  #watcher: TextWatcher | null = null;
  #listing: Promise<Map<string, string[]>> | null = null;
  #folders: Promise<Map<string, string[]>> | null = null;
  constructor(
    readonly root: string,
    readonly links: LinkMode = "refuse",
  ) {}

  /**
   * Before the walk: `watcher` is given each text it wants as soon as the walk has read it, and
   * a later read of that file gives the same text.
   */
  watch(watcher: TextWatcher): void {
    this.#watcher = watcher;
  }

  /** Every file path (POSIX, relative) with the sha256 of its content, for diffing. */
  async files(): Promise<Map<string, string>> {
    this.#walk ??= walk(this.root, this.#watcher);
    return (await this.#walk).hashes;
  }

  async read(rel: string): Promise<FileContent> {
    // The walk read every file to hash it, opened without following links, through real folders
    // only: its bytes are what this read would find. Taken once, so the memory goes with it.
    const walked = this.#walk === null ? null : await this.#walk;
    const kept = walked?.kept.get(rel);
    if (kept !== undefined) {
      walked?.kept.delete(rel);
      return Buffer.isBuffer(kept) ? contentOf(kept) : kept;
    }
    // A path the walk proved empty is missing without asking the disk: a check with an empty base
    // asks for each card's base (30,000 failed lstat calls, each an Error built and thrown).
    if (walked !== null && provedMissing(walked, rel)) return { kind: "missing" };
    return this.#readFromDisk(rel);
  }

  async #readFromDisk(rel: string): Promise<FileContent> {
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

  /** The sub-folders of a folder that hold files, sorted. Indexed once, like the listings. */
  async folders(dir: string): Promise<string[]> {
    this.#folders ??= this.files().then(indexSubfolders);
    return [...((await this.#folders).get(dir) ?? [])];
  }

  /** The files directly in `dir`, sorted. Indexed once: a repository has tens of thousands of folders. */
  async list(dir: string): Promise<string[]> {
    this.#listing ??= this.files().then(indexFolders);
    return [...((await this.#listing).get(dir) ?? [])];
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
      for (const d of req.dirs) {
        if (!d.folders) continue;
        const s = side(d.side);
        folders.set(fileKey(d.side, d.path), s ? await s.folders(d.path) : []);
      }
      await eachLimited(req.files, CONCURRENT_FILES, async (f) => {
        const s = side(f.side);
        files.set(fileKey(f.side, f.path), s ? await s.read(f.path) : { kind: "missing" });
      });
      for (const d of req.dirs) {
        const s = side(d.side);
        dirs.set(fileKey(d.side, d.path), s ? await s.list(d.path) : []);
      }
      return { files, dirs, folders };
    },
    listAll: async (s: Side) => {
      const folder = side(s);
      return folder ? [...(await folder.files()).keys()].sort() : [];
    },
  };
}

interface Walk {
  hashes: Map<string, string>;
  /** Contents of the files read for hashing, up to MAX_KEPT_BYTES in all (read already where a watcher wanted them). */
  kept: Map<string, Buffer | FileContent>;
  /** Entries the walk saw but did not list (FIFOs, devices), and folders it did not enter or could not read. */
  unlisted: Set<string>;
}

/**
 * Whether a read of `rel` from disk can only say "missing": a plain relative path (no `.`, `..`
 * or empty part, which a read would resolve) that the walk did not list, with nothing of it or
 * above it that the walk listed (a file, a link: the read answers those itself) or left unlisted.
 */
function provedMissing(walk: Walk, rel: string): boolean {
  if (walk.unlisted.has("")) return false;
  const parts = rel.split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) return false;
  let prefix = "";
  for (const part of parts) {
    prefix = prefix === "" ? part : `${prefix}/${part}`;
    if (walk.hashes.has(prefix) || walk.unlisted.has(prefix)) return false;
  }
  return true;
}

async function walk(root: string, watcher: TextWatcher | null): Promise<Walk> {
  // Folders a level at a time, then every file, each at most CONCURRENT_FILES at once: a
  // repository of 30,000 model folders of one or two files each gave a walk folder by folder
  // almost nothing to do at once, and the CLI sat waiting on one file after another.
  const files: string[] = [];
  const links: string[] = [];
  const unlisted = new Set<string>();
  let level = [""];
  while (level.length > 0) {
    const below: string[] = [];
    await eachLimited(level, CONCURRENT_FILES, async (rel) => {
      const entries = await readdir(path.join(root, rel), { withFileTypes: true }).catch(() => {
        unlisted.add(rel);
        return [];
      });
      for (const e of entries) {
        const child = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name)) below.push(child);
          else unlisted.add(child);
        } else if (e.isSymbolicLink()) links.push(child);
        else if (e.isFile()) files.push(child);
        // FIFOs, sockets and devices are not files of a repository: not listed, never opened.
        else unlisted.add(child);
      }
    });
    level = below;
  }
  const hashes = new Map<string, string>();
  const kept = new Map<string, Buffer | FileContent>();
  let keptBytes = 0;
  await eachLimited(links, CONCURRENT_FILES, async (child) => {
    // Listed, so that a linked card is reported; identified by its target, never followed.
    hashes.set(child, `link:${await readlink(path.join(root, child)).catch(() => "")}`);
  });
  await eachLimited(files, CONCURRENT_FILES, async (child) => {
    const { hash, bytes } = await hashFile(path.join(root, child));
    hashes.set(child, hash);
    if (bytes !== null && keptBytes + bytes.length <= MAX_KEPT_BYTES) {
      keptBytes += bytes.length;
      if (watcher?.wants(child)) {
        const content = contentOf(bytes);
        kept.set(child, content);
        if (content.kind === "text") watcher.text(child, content.text);
      } else kept.set(child, bytes);
    }
  });
  // Entries were visited in parallel: the map is in path order, as a sequential walk gave.
  return { hashes: new Map([...hashes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), kept, unlisted };
}

/** Folder → its files, sorted, in one pass over the walk. */
function indexFolders(files: Map<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of files.keys()) {
    const dir = p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "";
    const list = out.get(dir);
    if (list === undefined) out.set(dir, [p]);
    else list.push(p);
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** Folder → the sub-folders below it that hold files (every ancestor of every file), sorted. */
function indexSubfolders(files: Map<string, string>): Map<string, string[]> {
  const sets = new Map<string, Set<string>>();
  for (const p of files.keys()) {
    let child = p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "";
    while (child !== "") {
      const parent = child.includes("/") ? child.slice(0, child.lastIndexOf("/")) : "";
      const set = sets.get(parent) ?? new Set<string>();
      if (set.has(child)) break;
      set.add(child);
      sets.set(parent, set);
      child = parent;
    }
  }
  return new Map([...sets].map(([dir, set]) => [dir, [...set].sort()]));
}

/** The file's identity for diffing and, when it is one the engine may read (≤ 1 MiB), its bytes. */
async function hashFile(full: string): Promise<{ hash: string; bytes: Buffer | null }> {
  const handle = await open(full, NO_FOLLOW_READ).catch(() => null);
  if (handle === null) return { hash: "unreadable", bytes: null };
  try {
    const s = await handle.stat();
    if (!s.isFile()) return { hash: "not-a-file", bytes: null };
    // Large files (model weights) are compared by size and mtime-free identity: hashing GBs is not our job here.
    if (s.size > 64 * LIMITS.maxFileBytes) return { hash: `size:${s.size}`, bytes: null };
    const bytes = await readUpTo(handle, s.size);
    const hash = createHash("sha256").update(bytes).digest("hex");
    return { hash, bytes: bytes.length <= LIMITS.maxFileBytes ? bytes : null };
  } finally {
    await handle.close();
  }
}
