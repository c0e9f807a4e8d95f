import { repoJson, urlsOf } from "../rest-shapes.ts";
import {
  bodyOf,
  isOneOf,
  json,
  paginate,
  type Route,
  type RouteContext,
  type SimResponse,
  stringField,
  validationFailed,
  withRepo,
} from "../route-kit.ts";
import type { SimRepo } from "../sim-repo.ts";
import type { CommitStatus } from "../sim-types.ts";

const STATES = ["error", "failure", "pending", "success"] as const;

/** Commit statuses (the pre-checks API some CI systems still use) and the combined status. */
export const statusRoutes: Route[] = [
  { method: "POST", pattern: "/repos/:owner/:repo/statuses/:sha", handler: withRepo(createStatus) },
  { method: "GET", pattern: "/repos/:owner/:repo/commits/:ref/status", handler: withRepo(combinedStatus) },
];

function createStatus(ctx: RouteContext, repo: SimRepo): SimResponse {
  const sha = ctx.params.sha ?? "";
  if (!repo.commits.has(sha)) return validationFailed(`No commit found for SHA: ${sha}`, "sha");
  const body = bodyOf(ctx);
  if (!isOneOf(body.state, STATES)) return validationFailed("state is invalid", "state");
  const status: CommitStatus = {
    id: ctx.state.nextId(),
    sha,
    state: body.state,
    context: stringField(body, "context") ?? "default",
    description: stringField(body, "description") ?? null,
    targetUrl: stringField(body, "target_url") ?? null,
    createdAt: ctx.state.clock.now(),
  };
  repo.statuses.push(status);
  return json(201, statusJson(ctx, status));
}

/** The latest status per context, paged by `per_page`/`page`; `pending` when there is none, like GitHub. */
function combinedStatus(ctx: RouteContext, repo: SimRepo): SimResponse {
  const commit = repo.resolveRef(ctx.params.ref ?? "");
  if (commit === undefined) return validationFailed(`No commit found for SHA: ${ctx.params.ref}`, "ref");
  const latest = new Map<string, CommitStatus>();
  for (const status of repo.statuses.filter((s) => s.sha === commit.sha).sort((a, b) => b.id - a.id)) {
    if (!latest.has(status.context)) latest.set(status.context, status);
  }
  const statuses = [...latest.values()];
  const state = combine(statuses.map((s) => s.state));
  const repository = repoJson(repo, urlsOf(ctx.apiUrl));
  const page = paginate(ctx, statuses);
  const body = {
    state,
    sha: commit.sha,
    total_count: statuses.length,
    statuses: page.items.map((s) => statusJson(ctx, s)),
  };
  return json(200, { ...body, repository }, page.headers);
}

function combine(states: CommitStatus["state"][]): CommitStatus["state"] {
  if (states.some((s) => s === "error" || s === "failure")) return "failure";
  if (states.length === 0 || states.some((s) => s === "pending")) return "pending";
  return "success";
}

function statusJson(ctx: RouteContext, status: CommitStatus) {
  const { id, state, context, description } = status;
  const at = ctx.state.clock.iso(status.createdAt);
  return { id, state, context, description, target_url: status.targetUrl, created_at: at, updated_at: at };
}
