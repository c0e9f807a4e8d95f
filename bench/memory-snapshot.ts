import { diffByContent } from "../src/core/diff-by-content.ts";
import {
  type FileContent,
  fileKey,
  type ReadRequest,
  type ReadResult,
  type RepoSnapshot,
} from "../src/core/types.ts";
import type { Tree } from "./generate-model-repo.ts";

/**
 * The engine's port over two in-memory trees: what the engine benchmark measures is the engine
 * (parsing and gates), not a file system or a network. Folder listings are indexed once, up
 * front, so that a read costs what a map lookup costs.
 */
export function memorySnapshot(base: Tree, head: Tree): RepoSnapshot {
  const trees = { base, head };
  const listings = { base: indexFolders(base), head: indexFolders(head) };
  const changed = diffByContent(base, head);
  return {
    changedFiles: async () => changed,
    read: async (request: ReadRequest): Promise<ReadResult> => {
      const files = new Map<string, FileContent>();
      const dirs = new Map<string, string[]>();
      for (const f of request.files) {
        const text = trees[f.side].get(f.path);
        files.set(fileKey(f.side, f.path), text === undefined ? { kind: "missing" } : { kind: "text", text });
      }
      for (const d of request.dirs) dirs.set(fileKey(d.side, d.path), listings[d.side].get(d.path) ?? []);
      return { files, dirs };
    },
  };
}

function indexFolders(tree: Tree): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const path of [...tree.keys()].sort()) {
    const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    const list = out.get(dir) ?? [];
    list.push(path);
    out.set(dir, list);
  }
  return out;
}
