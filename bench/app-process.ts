import { createInterface } from "node:readline";
import { startLocalApp } from "../src/local/start-local-app.ts";
import bareApp from "./bare-app.ts";

/**
 * One App in a process of its own, for the webhook benchmarks: `modelgate`, `bare`, or
 * `modelgate-queue` (queue mode on the Redis at REDIS_URL, queue PREFIX, WORKERS jobs at a time,
 * 0 for a replica that only receives), pointed at the simulator's API URL.
 * A process each, so that neither App's event loop is shared with the simulator, the load
 * generator or the other App. Prints its webhook URL as one JSON line; answers a `cpu` line on
 * standard input with its CPU time so far (µs), and a `pending` line with the jobs its queue
 * still holds; stops when its standard input closes.
 */
const [kind, apiUrl, redisUrl, prefix = `modelgate-bench-${process.pid}`, workers = "4"] =
  process.argv.slice(2);
if ((kind !== "modelgate" && kind !== "bare" && kind !== "modelgate-queue") || apiUrl === undefined) {
  process.stderr.write(
    "usage: app-process.ts modelgate|bare|modelgate-queue API_URL [REDIS_URL PREFIX WORKERS]\n",
  );
  process.exit(2);
}
if (kind === "modelgate-queue" && redisUrl === undefined) {
  process.stderr.write("modelgate-queue needs a REDIS_URL\n");
  process.exit(2);
}
process.env.LOG_LEVEL = "fatal";
const queue = kind === "modelgate-queue" && redisUrl !== undefined;
const app = await startLocalApp({
  apiUrl,
  logLevel: "fatal",
  ...(kind === "bare" ? { appFn: bareApp } : {}),
  ...(queue
    ? { serve: { redisUrl, recover: null, queue: { redisUrl, prefix, concurrency: Number(workers) } } }
    : {}),
});
const say = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
say({ webhookUrl: app.webhookUrl, secret: app.secret });
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line === "cpu") {
    const { user, system } = process.cpuUsage();
    say({ cpu_us: user + system });
  } else if (line === "pending") {
    void (app.served?.queue?.counts() ?? Promise.resolve(null)).then((counts) =>
      say({ pending: counts ? counts.waiting + counts.active + counts.delayed : 0 }),
    );
  }
});
lines.on("close", () => {
  void app.stop().then(() => process.exit(0));
});
