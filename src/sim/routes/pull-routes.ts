import { diffTrees, type FileDiff } from "../diff-trees.ts";
import { pullJson, urlsOf } from "../rest-shapes.ts";
import { intParam, json, notFound, paginate, type Route, type RouteContext, withRepo } from "../route-kit.ts";
import type { SimRepo } from "../sim-repo.ts";
import type { Commit, PullRequest } from "../sim-types.ts";

/** GitHub stops listing a pull request's files after 3,000. */
export const MAX_LISTED_FILES = 3000;

export const pullRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls",
    handler: withRepo((ctx, repo) => {
      const page = paginate(ctx, listPulls(ctx, repo));
      return json(
        200,
        page.items.map((pull) => pullJson(repo, pull, urlsOf(ctx.apiUrl))),
        page.headers,
      );
    }),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:number",
    handler: withRepo((ctx, repo) => {
      const pull = repo.pulls.get(intParam(ctx, "number"));
      if (pull === undefined) return notFound();
      const files = changedFiles(repo, pull);
      const additions = files.reduce((sum, f) => sum + f.additions, 0);
      const deletions = files.reduce((sum, f) => sum + f.deletions, 0);
      const counts = { additions, deletions, changed_files: files.length, commits: commitCount(repo, pull) };
      return json(200, { ...pullJson(repo, pull, urlsOf(ctx.apiUrl)), ...counts });
    }),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/pulls/:number/files",
    handler: withRepo((ctx, repo) => {
      const pull = repo.pulls.get(intParam(ctx, "number"));
      if (pull === undefined) return notFound();
      const page = paginate(ctx, changedFiles(repo, pull).slice(0, MAX_LISTED_FILES));
      return json(
        200,
        page.items.map((file) => fileJson(ctx, repo, pull, file)),
        page.headers,
      );
    }),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/commits/:sha/pulls",
    handler: withRepo((ctx, repo) => {
      const sha = repo.resolveRef(ctx.params.sha ?? "")?.sha;
      const pulls = [...repo.pulls.values()].filter((p) => sha !== undefined && p.head.sha === sha);
      return json(
        200,
        pulls.map((pull) => pullJson(repo, pull, urlsOf(ctx.apiUrl))),
      );
    }),
  },
];

/** `state` (open by default), `head` as `owner:branch`, and `base`, like GitHub's filters. */
function listPulls(ctx: RouteContext, repo: SimRepo): PullRequest[] {
  const state = ctx.req.query.get("state") ?? "open";
  const head = ctx.req.query.get("head");
  const base = ctx.req.query.get("base");
  return [...repo.pulls.values()]
    .filter((p) => state === "all" || p.state === state)
    .filter((p) => head === null || `${p.fork ? p.user.login : repo.owner}:${p.head.ref}` === head)
    .filter((p) => base === null || p.base.ref === base)
    .sort((a, b) => b.number - a.number);
}

const diffCache = new WeakMap<Commit, Map<string, FileDiff[]>>();

/** Diffed once per (base, head) pair: pagination asks for the same list many times. */
export function changedFiles(repo: SimRepo, pull: PullRequest): FileDiff[] {
  const head = repo.commits.get(pull.head.sha);
  const base = repo.commits.get(pull.base.sha);
  if (head === undefined || base === undefined) return [];
  const byBase = diffCache.get(head) ?? new Map<string, FileDiff[]>();
  diffCache.set(head, byBase);
  const cached = byBase.get(base.sha);
  if (cached !== undefined) return cached;
  const diff = diffTrees(base.tree, head.tree);
  byBase.set(base.sha, diff);
  return diff;
}

function fileJson(ctx: RouteContext, repo: SimRepo, pull: PullRequest, file: FileDiff) {
  const web = `${urlsOf(ctx.apiUrl).web}/${repo.fullName}`;
  const path = encodeURI(file.filename);
  return {
    ...file,
    changes: file.additions + file.deletions,
    blob_url: `${web}/blob/${pull.head.sha}/${path}`,
    raw_url: `${web}/raw/${pull.head.sha}/${path}`,
    contents_url: `${ctx.apiUrl}/repos/${repo.fullName}/contents/${path}?ref=${pull.head.sha}`,
  };
}

function commitCount(repo: SimRepo, pull: PullRequest): number {
  let count = 0;
  let sha: string | undefined = pull.head.sha;
  while (sha !== undefined && sha !== pull.base.sha && count < 250) {
    count++;
    sha = repo.commits.get(sha)?.parents[0];
  }
  return count;
}
