import { notFound, type Route, type RouteHandler, type SimRequest, type SimResponse } from "./route-kit.ts";
import { actionsRoutes } from "./routes/actions-routes.ts";
import { appRoutes } from "./routes/app-routes.ts";
import { checkRoutes } from "./routes/check-routes.ts";
import { contentRoutes } from "./routes/content-routes.ts";
import { deploymentRoutes } from "./routes/deployment-routes.ts";
import { environmentRoutes } from "./routes/environment-routes.ts";
import { hookDeliveryRoutes } from "./routes/hook-delivery-routes.ts";
import { issueRoutes } from "./routes/issue-routes.ts";
import { labelRoutes } from "./routes/label-routes.ts";
import { permissionRoutes } from "./routes/permission-routes.ts";
import { pullRoutes } from "./routes/pull-routes.ts";
import { statusRoutes } from "./routes/status-routes.ts";
import type { SimState } from "./sim-state.ts";

interface CompiledRoute {
  method: string;
  regex: RegExp;
  names: string[];
  handler: RouteHandler;
}

const ROUTES: CompiledRoute[] = [
  ...hookDeliveryRoutes,
  ...appRoutes,
  ...contentRoutes,
  ...pullRoutes,
  ...checkRoutes,
  ...issueRoutes,
  ...labelRoutes,
  ...permissionRoutes,
  ...statusRoutes,
  ...deploymentRoutes,
  ...environmentRoutes,
  ...actionsRoutes,
].map(compile);

/** Dispatches a REST request to the first route whose method and pattern match. */
export function routeRest(state: SimState, req: SimRequest, apiUrl: string): SimResponse {
  for (const route of ROUTES) {
    if (route.method !== req.method) continue;
    const match = route.regex.exec(req.path);
    if (match === null) continue;
    const params = Object.fromEntries(route.names.map((name, i) => [name, decode(match[i + 1] ?? "")]));
    return route.handler({ state, req, params, apiUrl });
  }
  return notFound();
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern.replace(/[:*](\w+)/g, (token, name: string) => {
    names.push(name);
    return token.startsWith("*") ? "(.+)" : "([^/]+)";
  });
  return { method: route.method, regex: new RegExp(`^${source}/?$`), names, handler: route.handler };
}

/** Octokit percent-encodes `/` inside a ref or path parameter; GitHub decodes it. */
function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
