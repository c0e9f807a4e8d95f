import { blobSha, byteSize } from "./git-hash.ts";
import { changedFiles, MAX_LISTED_FILES } from "./routes/pull-routes.ts";
import { toGitHubTime } from "./sim-clock.ts";
import type { SimRepo } from "./sim-repo.ts";
import type { SimState } from "./sim-state.ts";
import type { CheckRun, Commit, FileContent, IssueComment, PullRequest, SimUser, Tree } from "./sim-types.ts";
import { treeIndex } from "./tree-index.ts";

/**
 * Root resolvers in graphql-js's "root value" style: every node is a plain object whose
 * fields are values or functions of the field's arguments. `__typename` picks the concrete
 * type of an interface (Actor, GitObject).
 */

/** GitHub returns blob text up to this size and flags the rest as truncated. */
const MAX_BLOB_TEXT = 512 * 1024;

/** Thrown for what GitHub reports as `type: "NOT_FOUND"` next to a null field. */
export class NotFoundError extends Error {
  readonly type = "NOT_FOUND";
}

export function createRootValue(state: SimState) {
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = state.repo(owner, name);
      if (repo === undefined)
        throw new NotFoundError(`Could not resolve to a Repository with the name '${owner}/${name}'.`);
      return repositoryNode(repo);
    },
  };
}

function repositoryNode(repo: SimRepo) {
  return {
    id: Buffer.from(`010:Repository${repo.id}`).toString("base64"),
    name: repo.name,
    nameWithOwner: repo.fullName,
    pullRequest: ({ number }: { number: number }) => {
      const pull = repo.pulls.get(number);
      if (pull === undefined)
        throw new NotFoundError(`Could not resolve to a PullRequest with the number of ${number}.`);
      return pullRequestNode(repo, pull);
    },
    object: (args: { expression?: string | null; oid?: string | null }) => objectNode(repo, args),
    defaultBranchRef: () => refNode(repo, repo.defaultBranch),
    ref: ({ qualifiedName }: { qualifiedName: string }) =>
      refNode(repo, qualifiedName.replace(/^refs\/heads\//, "")),
    // GitHub's `query` matches a substring of the ref's name; tags only here.
    refs: ({
      refPrefix,
      query,
      first,
    }: {
      refPrefix: string;
      query?: string | null;
      first?: number | null;
    }) => {
      const names =
        refPrefix === "refs/tags/"
          ? [...repo.tags.keys()].filter((t) => !query || t.includes(query)).sort()
          : [];
      const page = names.slice(0, Math.min(first ?? 100, 100));
      return {
        nodes: page.map((name) => ({ name, prefix: refPrefix, target: null })),
        pageInfo: {
          hasNextPage: page.length < names.length,
          endCursor: null,
          hasPreviousPage: false,
          startCursor: null,
        },
        totalCount: names.length,
      };
    },
  };
}

function refNode(repo: SimRepo, branch: string) {
  const commit = repo.resolveRef(branch);
  if (commit === undefined || !repo.branches.has(branch)) return null;
  return { name: branch, prefix: "refs/heads/", target: commitNode(repo, commit) };
}

function pullRequestNode(repo: SimRepo, pull: PullRequest) {
  return {
    number: pull.number,
    title: pull.title,
    headRefName: pull.head.ref,
    baseRefName: pull.base.ref,
    headRefOid: pull.head.sha,
    baseRefOid: pull.base.sha,
    state: pull.merged ? "MERGED" : pull.state.toUpperCase(),
    merged: pull.merged,
    isDraft: pull.draft,
    author: actorNode(pull.user),
    changedFiles: () => changedFiles(repo, pull).length,
    // GraphQL has no previous path for a rename: clients that need it ask REST.
    files: (args: ConnectionArgs) =>
      connection(changedFiles(repo, pull).slice(0, MAX_LISTED_FILES), args, (f) => ({
        path: f.filename,
        changeType: PATCH_STATUS[f.status],
        additions: f.additions,
        deletions: f.deletions,
      })),
    comments: (args: ConnectionArgs) => {
      const all = [...repo.comments.values()]
        .filter((c) => c.issueNumber === pull.number)
        .sort((a, b) => a.id - b.id);
      return connection(all, args, commentNode);
    },
  };
}

/** GitHub's GraphQL names a bot without the `[bot]` suffix that REST shows. */
function actorNode(user: SimUser) {
  if (user.type === "Bot") return { __typename: "Bot", login: user.login.replace(/\[bot\]$/, "") };
  return { __typename: "User", login: user.login };
}

const PATCH_STATUS = {
  added: "ADDED",
  modified: "MODIFIED",
  removed: "DELETED",
  renamed: "RENAMED",
} as const;

function commentNode(comment: IssueComment) {
  return {
    databaseId: comment.id,
    fullDatabaseId: String(comment.id),
    body: comment.body,
    author: actorNode(comment.user),
    createdAt: toGitHubTime(comment.createdAt),
    updatedAt: toGitHubTime(comment.updatedAt),
  };
}

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** Relay pagination over a list, with cursors that encode the position. */
function connection<T, N>(all: T[], args: ConnectionArgs, toNode: (item: T) => N) {
  const cursor = (i: number) => Buffer.from(`cursor:${i}`).toString("base64");
  const position = (c: string | null | undefined) =>
    c ? Number(Buffer.from(c, "base64").toString().slice(7)) : NaN;
  let start = Number.isNaN(position(args.after)) ? 0 : position(args.after) + 1;
  let end = Number.isNaN(position(args.before)) ? all.length : position(args.before);
  if (typeof args.first === "number") end = Math.min(end, start + args.first);
  if (typeof args.last === "number") start = Math.max(start, end - args.last);
  return {
    nodes: all.slice(start, end).map(toNode),
    totalCount: all.length,
    pageInfo: {
      hasNextPage: end < all.length,
      hasPreviousPage: start > 0,
      startCursor: end > start ? cursor(start) : null,
      endCursor: end > start ? cursor(end - 1) : null,
    },
  };
}

/** `REV:path` → Blob or Tree (`REV:` is the root), `REV` → Commit, or an object id. */
function objectNode(repo: SimRepo, { expression, oid }: { expression?: string | null; oid?: string | null }) {
  if (typeof oid === "string") return objectByOid(repo, oid);
  if (typeof expression !== "string") return null;
  const colon = expression.indexOf(":");
  const commit = repo.resolveRef(colon === -1 ? expression : expression.slice(0, colon));
  if (commit === undefined) return null;
  if (colon === -1) return commitNode(repo, commit);
  return pathNode(commit.tree, expression.slice(colon + 1).replace(/^\/+|\/+$/g, ""));
}

function pathNode(tree: Tree, path: string) {
  const file = tree.get(path);
  if (file !== undefined) return blobNode(file);
  return treeIndex(tree).has(path) ? treeNode(tree, path) : null;
}

function objectByOid(repo: SimRepo, oid: string) {
  const commit = repo.commits.get(oid);
  if (commit !== undefined) return commitNode(repo, commit);
  for (const { tree } of repo.commits.values()) {
    for (const [dir, node] of treeIndex(tree)) {
      if (node.sha === oid) return treeNode(tree, dir);
      const entry = node.entries.find((e) => e.sha === oid && e.type === "blob");
      if (entry !== undefined) return pathNode(tree, entry.path);
    }
  }
  return null;
}

function blobNode(file: FileContent) {
  const isBinary = typeof file !== "string" || file.includes("\0");
  const size = byteSize(file);
  const isTruncated = size > MAX_BLOB_TEXT;
  const text = typeof file === "string" && !isBinary ? truncate(file, isTruncated) : null;
  return { __typename: "Blob", oid: blobSha(file), byteSize: size, text, isBinary, isTruncated };
}

function truncate(text: string, isTruncated: boolean): string {
  return isTruncated ? Buffer.from(text, "utf8").subarray(0, MAX_BLOB_TEXT).toString("utf8") : text;
}

function treeNode(tree: Tree, dir: string) {
  const node = treeIndex(tree).get(dir);
  return {
    __typename: "Tree",
    oid: node?.sha ?? "",
    entries: () =>
      (node?.entries ?? []).map((entry) => ({
        name: entry.name,
        path: entry.path,
        type: entry.type,
        oid: entry.sha,
        object: () => pathNode(tree, entry.path),
      })),
  };
}

function commitNode(repo: SimRepo, commit: Commit) {
  return {
    __typename: "Commit",
    oid: commit.sha,
    message: commit.message,
    tree: () => treeNode(commit.tree, ""),
    checkSuites: (args: { first?: number | null; filterBy?: CheckFilter | null }) =>
      checkSuites(repo, commit, args),
  };
}

interface CheckFilter {
  appId?: number | null;
  checkName?: string | null;
}

/** One suite per app that ran checks on the commit, as GitHub groups them. */
function checkSuites(
  repo: SimRepo,
  commit: Commit,
  args: { first?: number | null; filterBy?: CheckFilter | null },
) {
  const runs = [...repo.checkRuns.values()].filter((run) => run.headSha === commit.sha);
  const suiteFilter = args.filterBy ?? {};
  const appIds = [...new Set(runs.map((run) => run.appId))]
    .filter((appId) => suiteFilter.appId == null || appId === suiteFilter.appId)
    .filter(
      (appId) =>
        suiteFilter.checkName == null ||
        runs.some((r) => r.appId === appId && r.name === suiteFilter.checkName),
    );
  const nodes = appIds.slice(0, args.first ?? appIds.length).map((appId) => ({
    app: appNode(repo.state, appId),
    checkRuns: (runArgs: { first?: number | null; filterBy?: CheckFilter | null }) => {
      const filter = runArgs.filterBy ?? {};
      const suiteRuns = runs
        .filter((run) => run.appId === appId && (filter.checkName == null || run.name === filter.checkName))
        .sort((a, b) => b.id - a.id);
      return {
        nodes: suiteRuns.slice(0, runArgs.first ?? suiteRuns.length).map((run) => checkRunNode(repo, run)),
      };
    },
  }));
  return { nodes };
}

function appNode(state: SimState, appId: number) {
  if (appId === state.app.id) return { databaseId: appId, slug: state.app.slug, name: state.app.name };
  return { databaseId: appId, slug: `app-${appId}`, name: `App ${appId}` };
}

function checkRunNode(repo: SimRepo, run: CheckRun) {
  const resourcePath = `/${repo.fullName}/runs/${run.id}`;
  return {
    databaseId: run.id,
    resourcePath,
    url: `https://github.com${resourcePath}`,
    name: run.name,
    title: run.output.title,
    summary: run.output.summary,
    text: run.output.text,
    status: run.status.toUpperCase(),
    conclusion: run.conclusion === null ? null : run.conclusion.toUpperCase(),
  };
}
