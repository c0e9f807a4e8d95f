import { blobSha, sha1 } from "./git-hash.ts";
import type { Tree } from "./sim-types.ts";

export interface TreeEntry {
  name: string;
  path: string;
  type: "blob" | "tree";
  sha: string;
}

export interface TreeDir {
  sha: string;
  entries: TreeEntry[];
}

/** Directory path ("" for the root) → its entries. Built once per snapshot. */
export type TreeIndex = Map<string, TreeDir>;

const cache = new WeakMap<Tree, TreeIndex>();

/** Git's directory view of a flat snapshot, with a stable id for every directory. */
export function treeIndex(tree: Tree): TreeIndex {
  const cached = cache.get(tree);
  if (cached !== undefined) return cached;
  const children = collectChildren(tree);
  const index: TreeIndex = new Map();
  // Deepest directories first, so a parent's id can include its children's ids.
  const dirs = [...children.keys()].sort((a, b) => depth(b) - depth(a));
  for (const dir of dirs) {
    const entries = [...(children.get(dir) ?? new Map()).values()]
      .map((entry) => (entry.type === "tree" ? { ...entry, sha: index.get(entry.path)?.sha ?? "" } : entry))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const sha = sha1(`tree\0${entries.map((e) => `${e.type} ${e.name} ${e.sha}`).join("\n")}`);
    index.set(dir, { sha, entries });
  }
  cache.set(tree, index);
  return index;
}

function collectChildren(tree: Tree): Map<string, Map<string, TreeEntry>> {
  const children = new Map<string, Map<string, TreeEntry>>([["", new Map()]]);
  for (const [path, content] of tree) {
    const parts = path.split("/");
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      const entryPath = parts.slice(0, i + 1).join("/");
      const isFile = i === parts.length - 1;
      const siblings = children.get(dir) ?? new Map<string, TreeEntry>();
      children.set(dir, siblings);
      if (!isFile && !children.has(entryPath)) children.set(entryPath, new Map());
      siblings.set(parts[i] ?? "", {
        name: parts[i] ?? "",
        path: entryPath,
        type: isFile ? "blob" : "tree",
        sha: isFile ? blobSha(content) : "",
      });
    }
  }
  return children;
}

function depth(dir: string): number {
  return dir === "" ? 0 : dir.split("/").length;
}
