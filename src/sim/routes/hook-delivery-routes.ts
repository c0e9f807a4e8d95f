import { hookDeliveryItemJson, hookDeliveryJson } from "../hook-delivery-log.ts";
import { intParam, json, notFound, type Route, type RouteContext, type SimResponse } from "../route-kit.ts";

/**
 * The App's webhook deliveries, as GitHub serves them to the App itself (a JWT, not an
 * installation token): newest first, paged by an opaque cursor in the Link header, and a
 * redelivery endpoint that answers 202 and sends the original request again.
 */
export const hookDeliveryRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/app/hook/deliveries",
    handler: (ctx) => requireJwt(ctx) ?? listDeliveries(ctx),
  },
  {
    method: "GET",
    pattern: "/app/hook/deliveries/:id",
    handler: (ctx) => {
      const denied = requireJwt(ctx);
      if (denied) return denied;
      const delivery = ctx.state.hookDeliveries.get(intParam(ctx, "id"));
      return delivery === undefined ? notFound() : json(200, hookDeliveryJson(delivery));
    },
  },
  {
    method: "POST",
    pattern: "/app/hook/deliveries/:id/attempts",
    handler: (ctx) => {
      const denied = requireJwt(ctx);
      if (denied) return denied;
      const delivery = ctx.state.hookDeliveries.get(intParam(ctx, "id"));
      if (delivery === undefined) return notFound();
      // GitHub accepts at once and delivers later; so does the simulator (after this answer).
      setImmediate(() => ctx.state.hookDeliveries.redeliver(delivery));
      return json(202, {});
    },
  },
];

const CURSOR = /^v1_(\d+)$/;

function listDeliveries(ctx: RouteContext): SimResponse {
  const perPage = Math.min(100, Math.max(1, Number(ctx.req.query.get("per_page") ?? 30) || 30));
  const cursor = ctx.req.query.get("cursor");
  const status = ctx.req.query.get("status");
  if (status !== null && status !== "success" && status !== "failure")
    return json(422, { message: "Validation Failed", errors: [{ field: "status", code: "invalid" }] });
  const match = cursor === null ? null : CURSOR.exec(cursor);
  if (cursor !== null && match === null) return json(400, { message: "Invalid cursor" });
  const from = match?.[1] === undefined ? Number.POSITIVE_INFINITY : Number(match[1]);
  const all = ctx.state.hookDeliveries
    .newestFirst()
    .filter((d) => d.id <= from)
    .filter((d) => status === null || classify(d.statusCode) === status);
  const page = all.slice(0, perPage);
  const next = all[perPage];
  const headers: Record<string, string> = {};
  if (next !== undefined) {
    const query = new URLSearchParams(ctx.req.query);
    query.set("cursor", `v1_${next.id}`);
    headers.link = `<${ctx.apiUrl}${ctx.req.path}?${query.toString()}>; rel="next"`;
  }
  return json(200, page.map(hookDeliveryItemJson), headers);
}

/** The `status` filter's classes: 200–399 success, 400–599 failure (0, no answer, is neither). */
function classify(statusCode: number): "success" | "failure" | null {
  if (statusCode >= 200 && statusCode < 400) return "success";
  if (statusCode >= 400 && statusCode < 600) return "failure";
  return null;
}

/** App endpoints take the App's JWT; an installation token (`ghs_…`) is refused as on GitHub. */
function requireJwt(ctx: RouteContext): SimResponse | undefined {
  const auth = ctx.req.headers.authorization ?? "";
  const token = /^(?:bearer|token)\s+(\S+)$/i.exec(auth)?.[1] ?? "";
  if (token.split(".").length === 3) return undefined;
  return json(401, {
    message: "A JSON web token could not be decoded",
    documentation_url: "https://docs.github.com/rest",
  });
}
