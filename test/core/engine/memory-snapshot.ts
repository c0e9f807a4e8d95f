import { diffByContent } from "../../../src/core/diff-by-content.ts";
import { LIMITS } from "../../../src/core/parse/safe-yaml.ts";
import {
  type FileContent,
  fileKey,
  type ReadRequest,
  type ReadResult,
  type RepoSnapshot,
  type Side,
} from "../../../src/core/types.ts";

/** A repository state: repository path → file text. */
export type Tree = Record<string, string>;

/** The port, plus what the engine asked for: every `read` batch, in order. */
export interface MemorySnapshot extends RepoSnapshot {
  readonly reads: ReadRequest[];
  /** Every whole-tree listing asked for (the rare search for a card elsewhere). */
  readonly listings: Side[];
}

/**
 * An in-memory pull request between two trees. Changed files are computed by diff; a file
 * removed at base whose exact text reappears at a new head path is a rename (as git reports a
 * moved folder). Files over the size limit are reported `too-large`, as the real snapshots do.
 */
export function memorySnapshot(base: Tree, head: Tree, tags: readonly string[] = []): MemorySnapshot {
  const reads: ReadRequest[] = [];
  const listings: Side[] = [];
  const tree = (side: Side): Tree => (side === "head" ? head : base);
  return {
    reads,
    listings,
    changedFiles: async () => diffByContent(new Map(Object.entries(base)), new Map(Object.entries(head))),
    read: async (request: ReadRequest): Promise<ReadResult> => {
      reads.push(request);
      const files = new Map<string, FileContent>();
      const dirs = new Map<string, string[]>();
      for (const f of request.files) files.set(fileKey(f.side, f.path), content(tree(f.side), f.path));
      const folders = new Map<string, string[]>();
      for (const d of request.dirs) {
        dirs.set(fileKey(d.side, d.path), list(tree(d.side), d.path));
        if (d.folders) folders.set(fileKey(d.side, d.path), subfolders(tree(d.side), d.path));
      }
      const prefixes = request.tags ?? [];
      return { files, dirs, folders, tags: tags.filter((t) => prefixes.some((p) => t.startsWith(p))) };
    },
    listAll: async (side: Side) => {
      listings.push(side);
      return Object.keys(tree(side)).sort();
    },
  };
}

function content(tree: Tree, path: string): FileContent {
  if (!Object.hasOwn(tree, path)) return { kind: "missing" };
  const text = tree[path] ?? "";
  const bytes = Buffer.byteLength(text, "utf8");
  return bytes > LIMITS.maxFileBytes ? { kind: "too-large", bytes } : { kind: "text", text };
}

const dirOf = (p: string): string => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "");

function list(tree: Tree, dir: string): string[] {
  return Object.keys(tree)
    .filter((p) => dirOf(p) === dir)
    .sort();
}

function subfolders(tree: Tree, dir: string): string[] {
  const prefix = dir === "" ? "" : `${dir}/`;
  const out = new Set<string>();
  for (const p of Object.keys(tree)) {
    if (!p.startsWith(prefix)) continue;
    const rest = p.slice(prefix.length);
    if (rest.includes("/")) out.add(prefix + rest.slice(0, rest.indexOf("/")));
  }
  return [...out].sort();
}
