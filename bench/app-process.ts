import { startLocalApp } from "../src/local/start-local-app.ts";
import bareApp from "./bare-app.ts";

/**
 * One App in a process of its own, for the throughput benchmark: `modelgate` or `bare`, pointed
 * at the simulator's API URL. A process each, so that neither App's event loop is shared with
 * the simulator, the load generator or the other App. Prints its webhook URL as one JSON line
 * and stops when its standard input closes (when the parent ends it or exits).
 */
const [kind, apiUrl] = process.argv.slice(2);
if ((kind !== "modelgate" && kind !== "bare") || apiUrl === undefined) {
  process.stderr.write("usage: app-process.ts modelgate|bare API_URL\n");
  process.exit(2);
}
process.env.LOG_LEVEL = "fatal";
const app = await startLocalApp({
  apiUrl,
  logLevel: "fatal",
  ...(kind === "bare" ? { appFn: bareApp } : {}),
});
process.stdout.write(`${JSON.stringify({ webhookUrl: app.webhookUrl, secret: app.secret })}\n`);
process.stdin.resume();
process.stdin.on("end", () => {
  void app.stop().then(() => process.exit(0));
});
