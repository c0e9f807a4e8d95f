import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:net";
import type { Logger } from "pino";
import { type ApplicationFunction, Probot } from "probot";
import { ModelgateOctokit } from "../github/modelgate-octokit.ts";
import { modelgateWithLock } from "../index.ts";
import { type ServedApp, type ServeOptions, serveModelgate } from "../server/serve-modelgate.ts";
import { startModelgateServer } from "../server/start-modelgate-server.ts";

export interface LocalApp {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  webhookUrl: string;
  secret: string;
  /** The App's metrics, recovery and queue (null with a custom `appFn`). */
  served: ServedApp | null;
  /** Stops the server, then the sweeps and the queue (jobs in flight are finished first). */
  stop(): Promise<void>;
  /** Stops as a crash would: jobs in flight are left for another replica. */
  kill(): Promise<void>;
}

/** What the App runs besides its handlers; by default recovery sweeps and in-process handling, as without Redis. */
export type LocalServeOptions = Partial<Omit<ServeOptions, "register" | "createProbot">>;

export interface LocalAppOptions {
  /** REST base of the GitHub to talk to, GitHub Enterprise style (`…/api/v3`). */
  apiUrl: string;
  secret?: string;
  logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  /** Keep Octokit's retry and throttling plugins (off by default: faults are injected on purpose). */
  retries?: boolean;
  appFn?: ApplicationFunction;
  serve?: LocalServeOptions;
  /** Default: a free one. A restarted App listens where GitHub sends its webhooks. */
  port?: number;
  /** Where the App logs; tests pass one that records, to assert what was logged. */
  log?: Logger;
}

let key: string | null = null;
/** A throwaway App private key: the simulator accepts any signed JWT. */
function privateKey(): string {
  key ??= generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs1", format: "pem" })
    .toString();
  return key;
}

/**
 * Runs the real modelgate App, unmodified, in the server bin/app.js runs it in, on loopback,
 * pointed at a GitHub (the simulator) the way a GitHub Enterprise Server is configured.
 */
export async function startLocalApp(opts: LocalAppOptions): Promise<LocalApp> {
  const secret = opts.secret ?? "modelgate-local-secret";
  const Octokit = opts.retries
    ? ModelgateOctokit
    : ModelgateOctokit.defaults((instance: Record<string, unknown>) => ({
        ...instance,
        retry: { enabled: false },
        throttle: { enabled: false },
      }));
  const LocalProbot = Probot.defaults({
    appId: 1,
    privateKey: privateKey(),
    secret,
    baseUrl: opts.apiUrl,
    Octokit,
    logLevel: opts.logLevel ?? "warn",
    ...(opts.log ? { log: opts.log } : {}),
  });
  // Set while the App loads (a closure TypeScript does not follow, hence the holder).
  const loaded: { served: ServedApp | null } = { served: null };
  const modelgate: ApplicationFunction = async (app, options) => {
    loaded.served = await serveModelgate(app, options, {
      redisUrl: undefined,
      recover: { intervalMs: 300_000, startDelayMs: 0 },
      queue: null,
      ...opts.serve,
      register: modelgateWithLock,
      createProbot: () => new LocalProbot(),
    });
  };
  const server = await startModelgateServer({
    probot: new LocalProbot(),
    appFn: opts.appFn ?? modelgate,
    port: opts.port ?? 0,
    host: "127.0.0.1",
  });
  // The start-up sweep is part of starting: tests then see a settled request log.
  await loaded.served?.recovery?.firstSweep;
  const { url } = server;
  const stopWith = (how: "close" | "abandon") => async () => {
    await server.stop();
    await loaded.served?.[how]();
  };
  return {
    url,
    webhookUrl: `${url}/api/github/webhooks`,
    secret,
    served: loaded.served,
    stop: stopWith("close"),
    kill: stopWith("abandon"),
  };
}

/** A port free now, for a process to listen on later (a restarted App, a Prometheus, a Redis). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
