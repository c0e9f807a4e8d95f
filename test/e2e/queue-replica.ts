import { startLocalApp } from "../../src/local/start-local-app.ts";

/**
 * One App replica in queue mode in a process of its own, so that a test can kill it mid-burst
 * (SIGKILL: no shutdown, jobs in flight abandoned). Prints its webhook URL as one JSON line, then
 * a line per job its workers start.
 */
const [apiUrl, redisUrl, prefix] = process.argv.slice(2);
if (apiUrl === undefined || redisUrl === undefined || prefix === undefined) {
  process.stderr.write("usage: queue-replica.ts API_URL REDIS_URL PREFIX\n");
  process.exit(2);
}
const app = await startLocalApp({
  apiUrl,
  logLevel: "fatal",
  serve: { redisUrl, recover: null, queue: { redisUrl, prefix, lockMs: 2000, concurrency: 4 } },
});
app.served?.queue?.onActive((job) => process.stdout.write(`${JSON.stringify({ active: job })}\n`));
process.stdout.write(`${JSON.stringify({ webhookUrl: app.webhookUrl })}\n`);
process.stdin.resume();
process.stdin.on("end", () => void app.stop().then(() => process.exit(0)));
