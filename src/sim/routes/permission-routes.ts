import { urlsOf, userJson } from "../rest-shapes.ts";
import { json, notFound, type Route, withRepo } from "../route-kit.ts";

/** Who may do what: collaborator permissions and team membership. */
export const permissionRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/collaborators/:user/permission",
    handler: withRepo(({ params, apiUrl }, repo) => {
      const login = params.user ?? "";
      const { permission, role_name } = repo.permissionOf(login);
      const user = userJson({ login, type: login.endsWith("[bot]") ? "Bot" : "User" }, urlsOf(apiUrl));
      return json(200, { permission, role_name, user: { ...user, role_name } });
    }),
  },
  {
    method: "GET",
    pattern: "/orgs/:org/teams/:team/memberships/:user",
    handler: ({ state, params, apiUrl }) => {
      const team = `${params.org}/${params.team}`;
      const role = state.teamRole(team, params.user ?? "");
      if (role === undefined) return notFound();
      const url = `${apiUrl}/orgs/${params.org}/teams/${params.team}/memberships/${params.user}`;
      return json(200, { url, role, state: "active" });
    },
  },
];
