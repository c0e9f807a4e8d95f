import { enableProtectionRule, putEnvironment } from "../actions-store.ts";
import { appJson, urlsOf } from "../rest-shapes.ts";
import {
  bodyOf,
  json,
  notFound,
  type Route,
  type RouteContext,
  validationFailed,
  withRepo,
} from "../route-kit.ts";
import { toGitHubTime } from "../sim-clock.ts";
import type { SimRepo } from "../sim-repo.ts";
import type { SimEnvironment } from "../sim-types.ts";

/** Environments and their custom deployment protection rules (the parts modelgate's docs use). */
export const environmentRoutes: Route[] = [
  {
    method: "PUT",
    pattern: "/repos/:owner/:repo/environments/:env",
    handler: withRepo((ctx, repo) =>
      json(200, environmentJson(ctx, repo, putEnvironment(repo, ctx.params.env ?? ""))),
    ),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/environments/:env",
    handler: withRepo((ctx, repo) => {
      const env = repo.environments.get((ctx.params.env ?? "").toLowerCase());
      return env === undefined ? notFound() : json(200, environmentJson(ctx, repo, env));
    }),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/environments/:env/deployment_protection_rules",
    handler: withRepo((ctx, repo) => {
      const env = repo.environments.get((ctx.params.env ?? "").toLowerCase());
      if (env === undefined) return notFound();
      const rules = env.protectionRules.map((r) => ruleJson(ctx, r));
      return json(200, { total_count: rules.length, custom_deployment_protection_rules: rules });
    }),
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/environments/:env/deployment_protection_rules",
    handler: withRepo((ctx, repo) => {
      const id = bodyOf(ctx).integration_id;
      if (typeof id !== "number" || !Number.isInteger(id))
        return validationFailed("integration_id is not an integer", "integration_id");
      const result = enableProtectionRule(repo, ctx.params.env ?? "", id);
      if (!result.ok)
        return result.status === 404 ? notFound() : validationFailed(result.message, "integration_id");
      return json(201, ruleJson(ctx, result.value));
    }),
  },
];

function environmentJson(ctx: RouteContext, repo: SimRepo, env: SimEnvironment) {
  const urls = urlsOf(ctx.apiUrl);
  const rules = env.protectionRules.map((r) => ({ id: r.id, node_id: nodeId("Gate", r.id), type: "custom" }));
  return {
    id: env.id,
    node_id: nodeId("Environment", env.id),
    name: env.name,
    url: `${urls.api}/repos/${repo.fullName}/environments/${encodeURIComponent(env.name)}`,
    html_url: `${urls.web}/${repo.fullName}/deployments/activity_log?environments_filter=${encodeURIComponent(env.name)}`,
    created_at: toGitHubTime(env.createdAt),
    updated_at: toGitHubTime(env.updatedAt),
    protection_rules: rules,
    deployment_branch_policy: null,
  };
}

function ruleJson(ctx: RouteContext, rule: SimEnvironment["protectionRules"][number]) {
  const app = appJson(ctx.state, urlsOf(ctx.apiUrl));
  return {
    id: rule.id,
    node_id: nodeId("DeploymentProtectionRule", rule.id),
    enabled: rule.enabled,
    app: {
      id: app.id,
      slug: app.slug,
      integration_url: `${ctx.apiUrl}/apps/${app.slug}`,
      node_id: app.node_id,
    },
  };
}

export const nodeId = (kind: string, id: number): string =>
  Buffer.from(`0${kind.length}:${kind}${id}`).toString("base64");
