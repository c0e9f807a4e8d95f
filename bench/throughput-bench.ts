import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import autocannon, { type Result } from "autocannon";
import { createSimulator } from "../src/sim/github-simulator.ts";
import { signWebhook } from "../src/sim/webhook-sender.ts";
import { BenchRepo } from "./bench-repo.ts";

export interface ThroughputResult {
  modelgate_per_s: number;
  bare_probot_per_s: number;
  ratio: number;
  /** modelgate's webhook latency: the App answers once its handler has posted (or skipped) its writes. */
  p50_ms: number;
  p99_ms: number;
  bare_p50_ms: number;
  bare_p99_ms: number;
  concurrency: number;
  /** Webhooks per App per round, and rounds (alternating bare, modelgate). */
  events: number;
  rounds: number;
}

export interface ThroughputOptions {
  events: number;
  rounds: number;
  concurrency: number;
}

const APP_PROCESS = fileURLToPath(new URL("./app-process.ts", import.meta.url));

/**
 * Signed `pull_request.synchronize` webhooks over HTTP on loopback, at a fixed concurrency, to
 * modelgate and to a bare Probot app that only creates a check run, each in its own process,
 * both against one simulator. Every modelgate webhook is a PR head it has not seen (each
 * retrains one model), so each costs the full read, evaluate and write path, not a no-op.
 */
export async function benchThroughput(opts: ThroughputOptions): Promise<ThroughputResult> {
  const sim = await createSimulator();
  const apps: ChildProcess[] = [];
  try {
    const [modelgate, bare] = await Promise.all([
      startApp("modelgate", sim.apiUrl, apps),
      startApp("bare", sim.apiUrl, apps),
    ]);
    const repo = new BenchRepo(sim, 20);
    const prs = Array.from({ length: opts.events * opts.rounds + 2 }, () => repo.openRetrainPr(1).number);
    const payloads = prs.map((number) =>
      JSON.stringify(sim.payloads.pullRequest({ action: "synchronize", number })),
    );
    let next = 0;
    const take = (n: number) => {
      next += n;
      return payloads.slice(next - n, next);
    };
    // Warm-up: each App mints its installation token and learns its identity, uncounted.
    await fire(bare.webhookUrl, bare.secret, take(1), 1);
    await fire(modelgate.webhookUrl, modelgate.secret, take(1), 1);
    sim.reset();

    const bareRuns: Result[] = [];
    const modelgateRuns: Result[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      // The bare app may see the same head again: it creates a check run each time regardless.
      bareRuns.push(
        await fire(bare.webhookUrl, bare.secret, payloads.slice(0, opts.events), opts.concurrency),
      );
      modelgateRuns.push(
        await fire(modelgate.webhookUrl, modelgate.secret, take(opts.events), opts.concurrency),
      );
    }
    const rate = (r: Result) => r["2xx"] / (r.duration || 1);
    const mg = medianBy(modelgateRuns, rate);
    const b = medianBy(bareRuns, rate);
    return {
      modelgate_per_s: round1(rate(mg)),
      bare_probot_per_s: round1(rate(b)),
      ratio: Math.round((rate(mg) / rate(b)) * 100) / 100,
      p50_ms: mg.latency.p50,
      p99_ms: mg.latency.p99,
      bare_p50_ms: b.latency.p50,
      bare_p99_ms: b.latency.p99,
      concurrency: opts.concurrency,
      events: opts.events,
      rounds: opts.rounds,
    };
  } finally {
    for (const child of apps) child.stdin?.end();
    await Promise.all(apps.map((c) => new Promise((resolve) => c.once("exit", resolve))));
    await sim.close();
  }
}

/** `events` signed webhooks, each body once, `concurrency` at a time; fails on any non-2xx. */
async function fire(url: string, secret: string, bodies: string[], concurrency: number) {
  let i = 0;
  const result = await autocannon({
    url,
    connections: concurrency,
    amount: bodies.length,
    requests: [
      {
        method: "POST",
        setupRequest: (req) => {
          const body = bodies[i++ % bodies.length] ?? "{}";
          return {
            ...req,
            body,
            headers: {
              "content-type": "application/json",
              "x-github-event": "pull_request",
              "x-github-delivery": randomUUID(),
              "x-hub-signature-256": signWebhook(secret, body),
            },
          };
        },
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return result;
}

/** Starts `bench/app-process.ts` and waits for the line with its webhook URL. */
async function startApp(kind: "modelgate" | "bare", apiUrl: string, children: ChildProcess[]) {
  // BENCH_CPU_PROF=DIR writes a V8 CPU profile of each App process there (`node --cpu-prof`).
  const prof = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const child = spawn(process.execPath, [...prof, "--import", "tsx", APP_PROCESS, kind, apiUrl], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  for await (const line of lines) return JSON.parse(line) as { webhookUrl: string; secret: string };
  throw new Error(`the ${kind} app exited before it listened`);
}

function medianBy<T>(items: T[], key: (t: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  const mid = sorted[Math.floor(sorted.length / 2)];
  if (mid === undefined) throw new Error("no runs");
  return mid;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
