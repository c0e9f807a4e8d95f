import { subscribe } from "node:diagnostics_channel";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { createHistogram, monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { type LocalApp, startLocalApp } from "../src/local/start-local-app.ts";
import bareApp from "./bare-app.ts";

/**
 * One App in a process of its own, for the webhook benchmarks: `modelgate`, `bare`, or
 * `modelgate-queue` (queue mode on the Redis at REDIS_URL, queue PREFIX, WORKERS jobs at a time,
 * 0 for a replica that only receives), pointed at the simulator's API URL.
 * A process each, so that neither App's event loop is shared with the simulator, the load
 * generator or the other App. Prints its webhook URL as one JSON line; answers a `cpu` line on
 * standard input with its CPU time so far (µs), a `loop` line with its event loop's delay and the
 * time its requests took in it since the last (p99 and maximum, ms), and a `pending` line with
 * the jobs its queue still holds; stops when its standard input closes. `null` is no App (below).
 */
const [kind, apiUrl, redisUrl, prefix = `modelgate-bench-${process.pid}`, workers = "4"] =
  process.argv.slice(2);
const KINDS = ["modelgate", "bare", "modelgate-queue", "null"];
if (kind === undefined || !KINDS.includes(kind) || apiUrl === undefined) {
  process.stderr.write(
    "usage: app-process.ts modelgate|bare|modelgate-queue|null API_URL [REDIS_URL PREFIX WORKERS]\n",
  );
  process.exit(2);
}
if (kind === "modelgate-queue" && redisUrl === undefined) {
  process.stderr.write("modelgate-queue needs a REDIS_URL\n");
  process.exit(2);
}
process.env.LOG_LEVEL = "fatal";
const queue = kind === "modelgate-queue" && redisUrl !== undefined;
const app: Pick<LocalApp, "webhookUrl" | "secret" | "stop"> & Partial<Pick<LocalApp, "served">> =
  kind === "null"
    ? await nullReceiver()
    : await startLocalApp({
        apiUrl,
        logLevel: "fatal",
        ...(kind === "bare" ? { appFn: bareApp } : {}),
        ...(queue
          ? { serve: { redisUrl, recover: null, queue: { redisUrl, prefix, concurrency: Number(workers) } } }
          : {}),
      });
const say = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
say({ webhookUrl: app.webhookUrl, secret: app.secret });
// How long the event loop was kept from turning (ms), since the last `loop` line.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
// How long each request took in this process, from its headers to the end of its answer (ms).
const served = createHistogram();
const started = new WeakMap<IncomingMessage, number>();
subscribe("http.server.request.start", (m) => {
  started.set((m as { request: IncomingMessage }).request, performance.now());
});
subscribe("http.server.response.finish", (m) => {
  const t = started.get((m as { request: IncomingMessage }).request);
  if (t !== undefined) served.record(Math.max(1, Math.round((performance.now() - t) * 1000)));
});
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line === "cpu") {
    const { user, system } = process.cpuUsage();
    say({ cpu_us: user + system });
  } else if (line === "loop") {
    say({
      loop_p99_ms: loopDelay.percentile(99) / 1e6,
      loop_max_ms: loopDelay.max / 1e6,
      served_p99_ms: served.count > 0 ? served.percentile(99) / 1000 : 0,
      served_max_ms: served.count > 0 ? served.max / 1000 : 0,
    });
    loopDelay.reset();
    served.reset();
  } else if (line === "pending") {
    void (app.served?.queue?.counts() ?? Promise.resolve(null)).then((counts) =>
      say({ pending: counts ? counts.waiting + counts.active + counts.delayed : 0 }),
    );
  }
});
lines.on("close", () => {
  void app.stop().then(() => process.exit(0));
});

/**
 * `null`: no App at all, a plain Node server that reads each request's body and answers 202: what
 * any server's acknowledgement costs on this machine under the same load (the queue benchmark's
 * control).
 */
async function nullReceiver() {
  const server = createServer((req, res) => {
    req.on("data", () => undefined);
    req.once("end", () => res.writeHead(202, { "content-type": "application/json" }).end("{}"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks`,
    secret: "unused",
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
