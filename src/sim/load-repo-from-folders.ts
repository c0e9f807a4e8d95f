import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { sha1 } from "./git-hash.ts";
import type { SimRepo } from "./sim-repo.ts";
import type { FileContent, PullRequest, Tree } from "./sim-types.ts";

/** Above this, or when binary, a file is kept as its size and git id only. */
const MAX_TEXT_BYTES = 1024 * 1024;

export interface LoadOptions {
  headRef?: string;
  title?: string;
  user?: string;
}

export interface LoadedPull {
  pull: PullRequest;
  baseSha: string;
  headSha: string;
}

/**
 * Reads two folders as the base and head snapshots: base becomes the default branch, head a
 * branch forked from it, and a pull request is opened from head onto base.
 */
export async function loadRepoFromFolders(
  repo: SimRepo,
  baseDir: string,
  headDir: string,
  options: LoadOptions = {},
): Promise<LoadedPull> {
  const headRef = options.headRef ?? "model-update";
  const baseSha = repo.commit(await readTree(baseDir), repo.defaultBranch, "base");
  repo.createBranch(headRef, baseSha);
  const headSha = repo.commit(await readTree(headDir), headRef, "head");
  const pull = repo.openPullRequest({
    head: headRef,
    base: repo.defaultBranch,
    title: options.title ?? `Update models from ${headRef}`,
    user: options.user ?? "octocat",
  });
  return { pull, baseSha, headSha };
}

export async function readTree(dir: string): Promise<Tree> {
  const tree: Tree = new Map();
  for (const file of await listFiles(dir)) {
    const path = relative(dir, file).split(sep).join("/");
    tree.set(path, toContent(await readFile(file)));
  }
  return tree;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .filter((entry) => entry.name !== ".git")
      .map(async (entry) => {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) return listFiles(full);
        return entry.isFile() ? [full] : [];
      }),
  );
  return nested.flat().sort();
}

function toContent(bytes: Buffer): FileContent {
  const text = bytes.toString("utf8");
  const isText =
    bytes.length <= MAX_TEXT_BYTES && !bytes.includes(0) && Buffer.from(text, "utf8").equals(bytes);
  if (isText) return text;
  return { bytes: bytes.length, oid: sha1(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes])) };
}
