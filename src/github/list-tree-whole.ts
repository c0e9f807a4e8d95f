import type { Octokit, PrRef } from "./types.ts";

/** Requests one listing may spend on a tree GitHub truncates (over 100,000 entries or 7 MB). */
export const MAX_TREE_REQUESTS = 60;

export class TreeTooLargeError extends Error {
  constructor(readonly sha: string) {
    super(
      `the tree of ${sha.slice(0, 7)} is too large to list whole (GitHub truncates it, and ${MAX_TREE_REQUESTS} requests did not reach every folder), so modelgate cannot search it for the card of a changed manifest. Put the card beside its manifest, or run \`modelgate check\` in CI.`,
    );
  }
}

interface Entry {
  path?: string;
  type?: string;
  sha?: string;
}

/**
 * Every blob path under a commit. GitHub's recursive tree answer says `truncated: true` when it
 * left entries out: then the folder is read one level deep and each sub-folder recursively on its
 * own, so that no file is silently missing (SPEC §1.3); past MAX_TREE_REQUESTS it fails loudly.
 */
export async function listTreeWhole(
  octokit: Octokit,
  repo: Pick<PrRef, "owner" | "repo">,
  sha: string,
): Promise<{ paths: string[]; requests: number }> {
  let requests = 0;
  const getTree = async (treeSha: string, recursive: boolean) => {
    if (requests >= MAX_TREE_REQUESTS) throw new TreeTooLargeError(sha);
    requests++;
    const { data } = await octokit.rest.git.getTree({
      owner: repo.owner,
      repo: repo.repo,
      tree_sha: treeSha,
      ...(recursive ? { recursive: "true" } : {}),
    });
    return data as { tree: Entry[]; truncated: boolean };
  };
  const walk = async (treeSha: string, prefix: string): Promise<string[]> => {
    const whole = await getTree(treeSha, true);
    if (!whole.truncated) return blobs(whole.tree, prefix);
    const level = await getTree(treeSha, false);
    // One folder with more entries than GitHub lists at once cannot be read whole by this API.
    if (level.truncated) throw new TreeTooLargeError(sha);
    const out = blobs(level.tree, prefix);
    for (const e of level.tree)
      if (e.type === "tree" && e.sha && e.path) out.push(...(await walk(e.sha, `${prefix}${e.path}/`)));
    return out;
  };
  const paths = await walk(sha, "");
  return { paths, requests };
}

const blobs = (tree: Entry[], prefix: string): string[] =>
  tree.flatMap((e) => (e.type === "blob" && e.path ? [`${prefix}${e.path}`] : []));
