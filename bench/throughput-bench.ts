import { randomUUID } from "node:crypto";
import autocannon, { type Result } from "autocannon";
import { evaluatePr } from "../src/core/evaluate-pr.ts";
import { loadPolicy } from "../src/core/policy/load-policy.ts";
import { createSimulator } from "../src/sim/github-simulator.ts";
import { signWebhook } from "../src/sim/webhook-sender.ts";
import { type AppChild, startAppChild } from "./app-child.ts";
import { APP_MODEL_SHAPE, BenchRepo } from "./bench-repo.ts";
import { BENCH_POLICY, generateRepo } from "./generate-model-repo.ts";
import { memorySnapshot } from "./memory-snapshot.ts";

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
  /** CPU time of each App process per webhook (median round), ms. */
  modelgate_cpu_ms_per_event: number;
  bare_cpu_ms_per_event: number;
  /** The engine's own CPU time for one such PR (evaluatePr on the same trees, in memory), ms. */
  engine_cpu_ms_per_event: number;
  /** SPEC §6: 1.5 × bare + engine. */
  cpu_budget_ms_per_event: number;
}

export interface ThroughputOptions {
  events: number;
  rounds: number;
  concurrency: number;
}

/**
 * Signed `pull_request.synchronize` webhooks over HTTP on loopback, at a fixed concurrency, to
 * modelgate and to a bare Probot app that only creates a check run, each in its own process,
 * both against one simulator. Every modelgate webhook is a PR head it has not seen (each
 * retrains one model), so each costs the full read, evaluate and write path, not a no-op.
 */
export async function benchThroughput(opts: ThroughputOptions): Promise<ThroughputResult> {
  const sim = await createSimulator();
  const apps: AppChild[] = [];
  try {
    const [modelgate, bare] = await Promise.all([
      startAppChild("modelgate", sim.apiUrl),
      startAppChild("bare", sim.apiUrl),
    ]);
    apps.push(modelgate, bare);
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
    const bareCpu: number[] = [];
    const modelgateCpu: number[] = [];
    /** CPU ms of `app` per webhook over one round. */
    const measured = async (app: AppChild, round: () => Promise<Result>, into: Result[], cpu: number[]) => {
      const before = await app.cpuUs();
      into.push(await round());
      cpu.push(((await app.cpuUs()) - before) / 1000 / opts.events);
    };
    for (let round = 0; round < opts.rounds; round++) {
      // The bare app may see the same head again: it creates a check run each time regardless.
      await measured(
        bare,
        () => fire(bare.webhookUrl, bare.secret, payloads.slice(0, opts.events), opts.concurrency),
        bareRuns,
        bareCpu,
      );
      await measured(
        modelgate,
        () => fire(modelgate.webhookUrl, modelgate.secret, take(opts.events), opts.concurrency),
        modelgateRuns,
        modelgateCpu,
      );
    }
    const engine = await engineCpuMs(repo.models, 20);
    const mgCpu = median(modelgateCpu);
    const bareCpuMs = median(bareCpu);
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
      modelgate_cpu_ms_per_event: round2(mgCpu),
      bare_cpu_ms_per_event: round2(bareCpuMs),
      engine_cpu_ms_per_event: round2(engine),
      cpu_budget_ms_per_event: round2(1.5 * bareCpuMs + engine),
    };
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    await sim.close();
  }
}

/**
 * The engine's CPU time for the PR each modelgate webhook brings (one of `models` retrained),
 * evaluated in memory in this process: the mean of `runs` after a warm-up.
 */
async function engineCpuMs(models: number, runs: number): Promise<number> {
  const policy = loadPolicy(".github/modelgate.yml", BENCH_POLICY).policy;
  if (policy === null) throw new Error("the benchmark policy is invalid");
  const { base, head } = generateRepo({ ...APP_MODEL_SHAPE, models, changed: 1 });
  await evaluatePr(memorySnapshot(base, head), { policy });
  const start = process.cpuUsage();
  for (let i = 0; i < runs; i++) await evaluatePr(memorySnapshot(base, head), { policy });
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000 / runs;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** `events` signed webhooks, each body once, `concurrency` at a time; fails on any non-2xx. */
/** An answer's time (ms), and whether it came on a connection opened for it. */
export interface Answer {
  ms: number;
  first: boolean;
}

export interface FireResult extends Result {
  answers: Answer[];
}

export async function fire(
  url: string,
  secret: string,
  bodies: string[],
  concurrency: number,
): Promise<FireResult> {
  // Signed before the burst: GitHub signs on its own machines, not on the App's.
  const signed = bodies.map((body) => ({ body, signature: signWebhook(secret, body) }));
  let i = 0;
  // Each answer's time, and whether it was the first on its connection: autocannon times that one
  // from before its connection is made, so it includes the connection's set-up.
  const answers: Answer[] = [];
  const answered = new WeakSet<object>();
  let instance: ReturnType<typeof autocannon> | undefined;
  const run = new Promise<Result>((resolve, reject) => {
    instance = autocannon(
      {
        url,
        connections: concurrency,
        amount: bodies.length,
        requests: [
          {
            method: "POST",
            setupRequest: (req) => {
              const { body, signature } = signed[i++ % signed.length] ?? { body: "{}", signature: "" };
              return {
                ...req,
                body,
                headers: {
                  "content-type": "application/json",
                  "x-github-event": "pull_request",
                  "x-github-delivery": randomUUID(),
                  "x-hub-signature-256": signature,
                },
              };
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
  instance?.on("response", (client, _status, _bytes, ms) => {
    answers.push({ ms, first: !answered.has(client) });
    answered.add(client);
  });
  const result: FireResult = { ...(await run), answers };
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return result;
}

function medianBy<T>(items: T[], key: (t: T) => number): T {
  const sorted = [...items].sort((a, b) => key(a) - key(b));
  const mid = sorted[Math.floor(sorted.length / 2)];
  if (mid === undefined) throw new Error("no runs");
  return mid;
}

/** To a tenth (the benchmarks' milliseconds). */
export const round1 = (x: number): number => Math.round(x * 10) / 10;
