import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApplicationFunction, ApplicationFunctionOptions, Probot } from "probot";

export interface ModelgateServerOptions {
  probot: Probot;
  appFn: ApplicationFunction;
  port: number;
  host: string;
}

export interface ModelgateServer {
  url: string;
  port: number;
  /** Stops accepting connections; resolves once open ones are closed. */
  stop(): Promise<void>;
}

/** As Probot's handlers: true (or a promise of it) once the route has answered. */
type Route = Parameters<ApplicationFunctionOptions["addHandler"]>[0];

/**
 * The App's HTTP server: `GET /ping`, then the routes the App adds (`/metrics`, and in queue
 * mode its own webhook route, which verifies, enqueues and answers 202), then Probot's webhook
 * middleware (verify, run the handlers, answer 200), then 404. Probot's own `Server` puts its
 * webhook middleware before every added route, so a route of the App could never answer a
 * webhook first; this order is what Probot's `createNodeMiddleware` uses.
 */
export async function startModelgateServer(opts: ModelgateServerOptions): Promise<ModelgateServer> {
  const added: Route[] = [];
  await opts.probot.load(opts.appFn, { cwd: process.cwd(), addHandler: (route) => added.push(route) });
  const routes: Route[] = [ping, ...added, await opts.probot.getNodeMiddleware(), notFound];
  const log = opts.probot.log;
  const server = createServer((req, res) => {
    void (async () => {
      for (const route of routes) if (await route(req, res)) return;
    })().catch((err: unknown) => {
      log.error({ err, url: req.url }, "request failed");
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port, address, family } = server.address() as AddressInfo;
  const host = family === "IPv6" ? `[${address}]` : address;
  log.info(`modelgate listening on http://${host}:${port}`);
  return {
    url: `http://${host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}

const ping: Route = (req, res) => {
  if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/ping") return false;
  res.writeHead(200, { "content-type": "text/plain" }).end("PONG");
  return true;
};

const notFound: Route = (_req, res) => {
  if (!res.headersSent) res.writeHead(404).end();
  return true;
};
