import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Tree } from "../engine/memory-snapshot.ts";

const ROOT = new URL("../../../fixtures/", import.meta.url).pathname;

/** A folder under fixtures/ as a repository tree (paths relative to it). */
export function fixtureTree(name: string): Tree {
  const base = path.join(ROOT, name);
  const out: Tree = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(base, full).split(path.sep).join("/")] = readFileSync(full, "utf8");
    }
  };
  walk(base);
  return out;
}

/** The tree with one file's text replaced (`from` must occur in it). */
export function edit(tree: Tree, file: string, from: string, to: string): Tree {
  const text = tree[file];
  if (text === undefined || !text.includes(from)) throw new Error(`${file} has no "${from}"`);
  return { ...tree, [file]: text.replace(from, to) };
}
