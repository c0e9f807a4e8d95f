import { generateKeyPairSync } from "node:crypto";
import { createServer } from "node:net";
import { type Logger, pino } from "pino";
import { Probot, ProbotOctokit, Server } from "probot";
import modelgate from "../index.ts";

export interface LocalApp {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  webhookUrl: string;
  secret: string;
  stop(): Promise<void>;
}

export interface LocalAppOptions {
  /** REST base of the GitHub to talk to, GitHub Enterprise style (`…/api/v3`). */
  apiUrl: string;
  secret?: string;
  logLevel?: "trace" | "debug" | "info" | "warn" | "error" | "fatal";
  /** Keep Octokit's retry and throttling plugins (off by default: faults are injected on purpose). */
  retries?: boolean;
  appFn?: typeof modelgate;
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
 * Runs the real modelgate App, unmodified, in Probot's own server on loopback, pointed at a
 * GitHub (the simulator) the way a GitHub Enterprise Server is configured.
 */
export async function startLocalApp(opts: LocalAppOptions): Promise<LocalApp> {
  const secret = opts.secret ?? "modelgate-local-secret";
  const Octokit = opts.retries
    ? ProbotOctokit
    : ProbotOctokit.defaults((instance: Record<string, unknown>) => ({
        ...instance,
        retry: { enabled: false },
        throttle: { enabled: false },
      }));
  const server = new Server({
    Probot: Probot.defaults({
      appId: 1,
      privateKey: privateKey(),
      secret,
      baseUrl: opts.apiUrl,
      Octokit,
      logLevel: opts.logLevel ?? "warn",
      ...(opts.log ? { log: opts.log } : {}),
    }),
    port: await freePort(),
    host: "127.0.0.1",
    log: opts.log ?? pino({ name: "probot", level: opts.logLevel ?? "warn" }),
  });
  await server.load(opts.appFn ?? modelgate);
  await server.start();
  const url = `http://127.0.0.1:${server.port}`;
  return { url, webhookUrl: `${url}/api/github/webhooks`, secret, stop: () => server.stop() };
}

/** Probot's Server treats port 0 as "default 3000", so ask the OS for a free port first. */
function freePort(): Promise<number> {
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
