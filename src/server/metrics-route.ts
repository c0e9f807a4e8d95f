import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";

/** `GET /metrics` in Prometheus' text exposition format, for Probot's server (`addHandler`). */
export function metricsRoute(registry: Registry) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "/").split("?")[0];
    if (path !== "/metrics") return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return true;
    }
    const body = await registry.metrics();
    res.writeHead(200, { "content-type": registry.contentType });
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
}
