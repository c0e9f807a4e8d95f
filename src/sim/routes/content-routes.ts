import { blobSha, byteSize } from "../git-hash.ts";
import { json, notFound, type Route, type RouteContext, type SimResponse, withRepo } from "../route-kit.ts";
import type { SimRepo } from "../sim-repo.ts";
import type { FileContent } from "../sim-types.ts";
import { type TreeEntry, type TreeIndex, treeIndex } from "../tree-index.ts";

/** Reading the repository: file contents, trees, branches and commits. */
export const contentRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/contents",
    handler: withRepo((ctx, repo) => contents(ctx, repo, "")),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/contents/*path",
    handler: withRepo((ctx, repo) => contents(ctx, repo, (ctx.params.path ?? "").replace(/^\/+|\/+$/g, ""))),
  },
  { method: "GET", pattern: "/repos/:owner/:repo/git/trees/:sha", handler: withRepo(gitTree) },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/branches/:branch",
    handler: withRepo(({ params }, repo) => {
      const sha = repo.branches.get(params.branch ?? "");
      return sha === undefined
        ? notFound("Branch not found")
        : json(200, { name: params.branch, commit: { sha } });
    }),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/commits/:ref",
    handler: withRepo(({ params }, repo) => {
      const commit = repo.resolveRef(params.ref ?? "");
      if (commit === undefined) return json(422, { message: `No commit found for SHA: ${params.ref}` });
      const tree = { sha: treeIndex(commit.tree).get("")?.sha };
      const parents = commit.parents.map((sha) => ({ sha }));
      return json(200, { sha: commit.sha, commit: { message: commit.message, tree }, parents });
    }),
  },
];

function contents(ctx: RouteContext, repo: SimRepo, path: string): SimResponse {
  const ref = ctx.req.query.get("ref") ?? repo.defaultBranch;
  const commit = repo.resolveRef(ref);
  if (commit === undefined) return notFound(`No commit found for the ref ${ref}`);
  const file = commit.tree.get(path);
  if (file !== undefined) return fileResponse(ctx, path, file);
  const dir = treeIndex(commit.tree).get(path);
  if (dir === undefined) return notFound();
  return json(
    200,
    dir.entries.map((e) => ({
      type: e.type === "blob" ? "file" : "dir",
      name: e.name,
      path: e.path,
      sha: e.sha,
    })),
  );
}

/** The JSON form, or the raw bytes when asked with `application/vnd.github.raw` (Probot's config reader). */
function fileResponse(ctx: RouteContext, path: string, file: FileContent): SimResponse {
  const wantsRaw = /vnd\.github(\.v3)?\.raw/.test(String(ctx.req.headers.accept ?? ""));
  if (wantsRaw && typeof file !== "string")
    return json(406, { message: "The simulator holds only this file's size" });
  if (wantsRaw)
    return {
      status: 200,
      raw: { text: String(file), contentType: "application/vnd.github.raw; charset=utf-8" },
    };
  const entry = { type: "file", name: path.split("/").pop(), path, sha: blobSha(file), size: byteSize(file) };
  // Like GitHub above 1 MB: the metadata without the content.
  if (typeof file !== "string") return json(200, { ...entry, encoding: "none", content: "" });
  return json(200, { ...entry, encoding: "base64", content: base64Lines(file) });
}

/** GitHub wraps base64 content at 60 characters. */
function base64Lines(text: string): string {
  const encoded = Buffer.from(text, "utf8").toString("base64");
  return `${encoded.replace(/(.{60})/g, "$1\n")}\n`;
}

function gitTree(ctx: RouteContext, repo: SimRepo): SimResponse {
  const found = findTree(repo, ctx.params.sha ?? "");
  if (found === undefined) return notFound();
  const { index, dir } = found;
  const recursive = (ctx.req.query.get("recursive") ?? "") !== "" && ctx.req.query.get("recursive") !== "0";
  const entries = recursive ? allEntriesUnder(found) : (index.get(dir)?.entries ?? []);
  const tree = entries.map((entry) => treeEntry(entry, found)).sort((a, b) => (a.path < b.path ? -1 : 1));
  // Like GitHub over its limit: the first entries, and `truncated: true`.
  const truncated = tree.length > ctx.state.maxTreeEntries;
  return json(200, {
    sha: index.get(dir)?.sha,
    url: `${ctx.apiUrl}${ctx.req.path}`,
    tree: truncated ? tree.slice(0, ctx.state.maxTreeEntries) : tree,
    truncated,
  });
}

interface FoundTree {
  index: TreeIndex;
  dir: string;
  sizes: Map<string, number>;
}

/** A commit sha, a branch, or the id of any directory of any commit. */
function findTree(repo: SimRepo, sha: string): FoundTree | undefined {
  const commit = repo.resolveRef(sha);
  if (commit !== undefined) return { index: treeIndex(commit.tree), dir: "", sizes: sizesOf(commit.tree) };
  for (const candidate of repo.commits.values()) {
    const index = treeIndex(candidate.tree);
    for (const [dir, entry] of index) {
      if (entry.sha === sha) return { index, dir, sizes: sizesOf(candidate.tree) };
    }
  }
  return undefined;
}

function sizesOf(tree: Map<string, FileContent>): Map<string, number> {
  return new Map([...tree].map(([path, content]) => [path, byteSize(content)]));
}

function allEntriesUnder({ index, dir }: FoundTree): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const [path, node] of index) {
    if (dir === "" || path === dir || path.startsWith(`${dir}/`)) entries.push(...node.entries);
  }
  return entries;
}

function treeEntry(entry: TreeEntry, { dir, sizes }: FoundTree) {
  const path = dir === "" ? entry.path : entry.path.slice(dir.length + 1);
  const base = { path, mode: entry.type === "blob" ? "100644" : "040000", type: entry.type, sha: entry.sha };
  return entry.type === "blob" ? { ...base, size: sizes.get(entry.path) ?? 0 } : base;
}
