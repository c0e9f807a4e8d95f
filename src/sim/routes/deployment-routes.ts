import { createDeployment, createDeploymentStatus } from "../deployment-store.ts";
import { deploymentJson, deploymentStatusJson, urlsOf } from "../rest-shapes.ts";
import {
  bodyOf,
  definedOnly,
  intParam,
  isOneOf,
  json,
  notFound,
  paginate,
  type Route,
  type RouteContext,
  type SimResponse,
  stringField,
  validationFailed,
  withRepo,
} from "../route-kit.ts";
import type { SimRepo } from "../sim-repo.ts";

const STATES = ["error", "failure", "inactive", "in_progress", "queued", "pending", "success"] as const;

/** Deployments and their statuses, listed newest first like GitHub. */
export const deploymentRoutes: Route[] = [
  { method: "POST", pattern: "/repos/:owner/:repo/deployments", handler: withRepo(create) },
  { method: "GET", pattern: "/repos/:owner/:repo/deployments", handler: withRepo(list) },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/deployments/:id",
    handler: withRepo((ctx, repo) => {
      const deployment = repo.deployments.get(intParam(ctx, "id"));
      return deployment === undefined
        ? notFound()
        : json(200, deploymentJson(repo, deployment, urlsOf(ctx.apiUrl)));
    }),
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/deployments/:id/statuses",
    handler: withRepo(createStatus),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/deployments/:id/statuses",
    handler: withRepo((ctx, repo) => {
      const id = intParam(ctx, "id");
      if (!repo.deployments.has(id)) return notFound();
      const page = paginate(ctx, repo.statusesOf(id));
      return json(
        200,
        page.items.map((s) => deploymentStatusJson(repo, s, urlsOf(ctx.apiUrl))),
        page.headers,
      );
    }),
  },
];

function create(ctx: RouteContext, repo: SimRepo): SimResponse {
  const body = bodyOf(ctx);
  const ref = stringField(body, "ref");
  if (ref === undefined) return validationFailed("ref is required", "ref");
  const result = createDeployment(repo, {
    ref,
    environment: stringField(body, "environment") ?? "production",
    payload: parsePayload(body.payload),
    task: stringField(body, "task") ?? "deploy",
    description: stringField(body, "description") ?? null,
    ...definedOnly({
      productionEnvironment: booleanOrUndefined(body.production_environment),
      transientEnvironment: booleanOrUndefined(body.transient_environment),
      requiredContexts: Array.isArray(body.required_contexts)
        ? body.required_contexts.map(String)
        : undefined,
    }),
    creator: ctx.state.bot,
  });
  if (!result.ok) return json(result.status, { message: result.message });
  return json(201, deploymentJson(repo, result.value, urlsOf(ctx.apiUrl)));
}

/** GitHub accepts the payload as an object or as a JSON string, and returns it as an object. */
function parsePayload(payload: unknown): unknown {
  if (typeof payload !== "string") return payload ?? {};
  try {
    return JSON.parse(payload);
  } catch {
    return payload;
  }
}

function booleanOrUndefined(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

function list(ctx: RouteContext, repo: SimRepo): SimResponse {
  const { query } = ctx.req;
  const filters = ["sha", "ref", "environment", "task"] as const;
  const deployments = [...repo.deployments.values()]
    .filter((d) => filters.every((key) => query.get(key) === null || d[key] === query.get(key)))
    .sort((a, b) => b.id - a.id);
  const page = paginate(ctx, deployments);
  return json(
    200,
    page.items.map((d) => deploymentJson(repo, d, urlsOf(ctx.apiUrl))),
    page.headers,
  );
}

function createStatus(ctx: RouteContext, repo: SimRepo): SimResponse {
  const deployment = repo.deployments.get(intParam(ctx, "id"));
  if (deployment === undefined) return notFound();
  const body = bodyOf(ctx);
  if (!isOneOf(body.state, STATES)) return validationFailed("state is invalid", "state");
  const optional = (key: string) => stringField(body, key);
  const status = createDeploymentStatus(repo, deployment, {
    state: body.state,
    ...definedOnly({
      environmentUrl: optional("environment_url"),
      logUrl: optional("log_url") ?? optional("target_url"),
      description: optional("description"),
      environment: optional("environment"),
      autoInactive: booleanOrUndefined(body.auto_inactive),
    }),
    creator: ctx.state.bot,
  });
  return json(201, deploymentStatusJson(repo, status, urlsOf(ctx.apiUrl)));
}
