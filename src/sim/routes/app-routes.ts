import { appJson, repoJson, urlsOf, userJson } from "../rest-shapes.ts";
import { json, notFound, type Route, withRepo } from "../route-kit.ts";
import type { SimState } from "../sim-state.ts";

/** The App itself and its one installation. Any bearer JWT is accepted. */
export const appRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/app/installations/:id/access_tokens",
    handler: ({ state, params }) => {
      if (Number(params.id) !== state.installationId) return notFound();
      // Token expiry follows the real clock: the auth library caches tokens by it.
      const expiresAt = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      const token = `ghs_sim${state.nextId()}`;
      return json(201, {
        token,
        expires_at: expiresAt,
        permissions: appPermissions,
        repository_selection: "all",
      });
    },
  },
  {
    method: "GET",
    pattern: "/app",
    handler: ({ state, apiUrl }) => json(200, appJson(state, urlsOf(apiUrl))),
  },
  {
    method: "GET",
    pattern: "/app/installations",
    handler: ({ state, apiUrl }) => json(200, [installationJson(state, apiUrl)]),
  },
  {
    method: "GET",
    pattern: "/app/installations/:id",
    handler: ({ state, params, apiUrl }) =>
      Number(params.id) === state.installationId ? json(200, installationJson(state, apiUrl)) : notFound(),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/installation",
    handler: withRepo(({ state, apiUrl }) => json(200, installationJson(state, apiUrl))),
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo",
    handler: withRepo(({ apiUrl }, repo) => json(200, repoJson(repo, urlsOf(apiUrl)))),
  },
];

const appPermissions = {
  checks: "write",
  contents: "read",
  deployments: "write",
  issues: "write",
  pull_requests: "write",
};

function installationJson(state: SimState, apiUrl: string) {
  const urls = urlsOf(apiUrl);
  const owner = [...state.repos.values()][0]?.owner ?? state.app.owner;
  return {
    id: state.installationId,
    account: userJson({ login: owner, type: "Organization" }, urls),
    app_id: state.app.id,
    app_slug: state.app.slug,
    target_type: "Organization",
    permissions: appPermissions,
    repository_selection: "all",
  };
}
