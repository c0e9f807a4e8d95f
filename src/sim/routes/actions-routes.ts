import { type GateReview, pendingGates, reviewGate } from "../actions-store.ts";
import { urlsOf } from "../rest-shapes.ts";
import {
  bodyOf,
  intParam,
  isOneOf,
  json,
  notFound,
  type Route,
  type RouteContext,
  stringField,
  validationFailed,
  withRepo,
} from "../route-kit.ts";
import type { SimRepo } from "../sim-repo.ts";
import { nodeId } from "./environment-routes.ts";

/** The documented limit on a review's comment. */
const MAX_COMMENT = 1024;

/** A workflow run's waiting deployments, and the endpoint through which an App answers for its rule. */
export const actionsRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/actions/runs/:run/pending_deployments",
    handler: withRepo(pending),
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/actions/runs/:run/deployment_protection_rule",
    handler: withRepo(review),
  },
];

function pending(ctx: RouteContext, repo: SimRepo) {
  const run = repo.workflowRuns.get(intParam(ctx, "run"));
  if (run === undefined) return notFound();
  const urls = urlsOf(ctx.apiUrl);
  return json(
    200,
    pendingGates(run).map((g) => {
      const env = repo.environments.get(g.environment.toLowerCase());
      const id = env?.id ?? 0;
      return {
        environment: {
          id,
          node_id: nodeId("Environment", id),
          name: g.environment,
          url: `${urls.api}/repos/${repo.fullName}/environments/${encodeURIComponent(g.environment)}`,
          html_url: `${urls.web}/${repo.fullName}/deployments/activity_log?environments_filter=${encodeURIComponent(g.environment)}`,
        },
        wait_timer: 0,
        wait_timer_started_at: null,
        current_user_can_approve: false,
        reviewers: [],
      };
    }),
  );
}

/** GitHub's body: `environment_name`, and `state` (approved|rejected) or at least a `comment`; 204 on success. */
function review(ctx: RouteContext, repo: SimRepo) {
  const run = repo.workflowRuns.get(intParam(ctx, "run"));
  if (run === undefined) return notFound();
  const body = bodyOf(ctx);
  const environment = stringField(body, "environment_name");
  if (environment === undefined) return validationFailed("environment_name is missing", "environment_name");
  if (body.state !== undefined && !isOneOf(body.state, ["approved", "rejected"] as const))
    return validationFailed("state is not one of approved, rejected", "state");
  if (body.comment !== undefined && typeof body.comment !== "string")
    return validationFailed("comment is not a string", "comment");
  const comment = stringField(body, "comment") ?? "";
  if (body.state === undefined && comment === "")
    return validationFailed("comment is required when state is not provided", "comment");
  if ([...comment].length > MAX_COMMENT)
    return validationFailed(`comment is too long (maximum is ${MAX_COMMENT} characters)`, "comment");
  const state: GateReview["state"] = isOneOf(body.state, ["approved", "rejected"] as const)
    ? body.state
    : null;
  const result = reviewGate(repo, run, ctx.state.app.id, { environment, state, comment });
  if (!result.ok) return validationFailed(result.message, "environment_name");
  return { status: 204 };
}
