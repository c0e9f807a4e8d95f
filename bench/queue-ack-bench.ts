import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import type { WebhookDefinition } from "@octokit/webhooks-examples";
import type { Result } from "autocannon";
import { mergeDeep } from "../src/core/policy/gates-for-model.ts";
import { freePort } from "../src/local/start-local-app.ts";
import { createSimulator } from "../src/sim/github-simulator.ts";
import { startAppChild } from "./app-child.ts";
import { BenchRepo } from "./bench-repo.ts";
import { fireInChild } from "./fire-child.ts";
import { redisReachable } from "./redis-reachable.ts";
import { fire } from "./throughput-bench.ts";

/**
 * GitHub's own example of a `pull_request.synchronize` delivery (`@octokit/webhooks-examples`,
 * about 24 KB: every field of the PR, both repositories, the users), which each of the
 * simulator's payloads fills in: the App gets deliveries of GitHub's size, not the simulator's
 * (about 4 KB), so reading, verifying, parsing and storing them costs what it costs in production.
 */
const GITHUB_EXAMPLE: unknown = (() => {
  const examples: WebhookDefinition[] = createRequire(import.meta.url)("@octokit/webhooks-examples");
  const found = examples
    .find((e) => e.name === "pull_request")
    ?.examples.find((e) => "action" in e && e.action === "synchronize");
  if (found === undefined) throw new Error("@octokit/webhooks-examples has no pull_request.synchronize");
  return found;
})();

/** One burst of `webhooks` at `concurrency`, then the wait until the workers drained the queue. */
export interface QueueAckRound {
  /** Time to acknowledge (the App's 2xx once the job is in Redis), ms. */
  ack_p50_ms: number;
  ack_p99_ms: number;
  ack_max_ms: number;
  /** Share of webhooks acknowledged within 100 ms (SPEC §6: at least 99 %). */
  within_100ms: number;
  /** From the first webhook until the workers had evaluated every job, s. */
  drained_s: number;
  /**
   * CPU of the receiving replica per webhook, ms, from the first webhook to the last answer: in
   * `split` it only acknowledges (verify, enqueue), so this is the acknowledgement's own cost,
   * which the load of the machine does not inflate as it does the wall times.
   */
  front_cpu_ms_per_webhook: number;
}

/** A layout's rounds, and the median round by p99 spread beside them. */
export interface QueueAckRun extends QueueAckRound {
  /**
   * `together`: one replica receives and evaluates; `split`: one receives, another evaluates, all
   * on the machine's cores as the scheduler likes, at one priority; `apart`: split, with the
   * evaluating replica at the lowest priority (`nice -n 19`), so that it takes only the CPU the
   * acknowledgement's path (receiving replica, Redis, the load generator) leaves, as when it runs
   * on machines of its own and does not share the receiver's.
   */
  layout: "together" | "split" | "apart";
  concurrency: number;
  webhooks: number;
  rounds: QueueAckRound[];
}

export type QueueAckResult = { runs: QueueAckRun[]; redis: string } | { skipped: string };

export interface QueueAckOptions {
  webhooks: number;
  concurrency: number;
  /** Bursts per layout (the median by p99 is the layout's figure). */
  rounds: number;
}

/**
 * Queue mode (SPEC §6): `concurrency` signed `pull_request.synchronize` webhooks at a time to
 * modelgate with REDIS_URL, each a PR head it has not seen; the latency autocannon measures is
 * the time to acknowledge. Two layouts: the replica that receives also evaluates (4 workers in
 * its event loop), or another replica evaluates (`MODELGATE_QUEUE_CONCURRENCY=0` on the one that
 * receives). Each run waits until the workers have drained the queue and checks every head got
 * its check run.
 */
export async function benchQueueAck(opts: QueueAckOptions): Promise<QueueAckResult> {
  const redis = await findRedis();
  if ("skipped" in redis) return redis;
  try {
    const runs: QueueAckRun[] = [];
    for (const layout of ["together", "split", "apart"] as const)
      runs.push(await runLayout(layout, redis.url, opts));
    return { runs, redis: redis.description };
  } finally {
    redis.stop();
  }
}

async function runLayout(
  layout: QueueAckRun["layout"],
  redisUrl: string,
  opts: QueueAckOptions,
): Promise<QueueAckRun> {
  const sim = await createSimulator();
  const prefix = `modelgate-bench-${randomUUID()}`;
  const front = await startAppChild("modelgate-queue", sim.apiUrl, {
    redisUrl,
    prefix,
    workers: layout === "together" ? 4 : 0,
  });
  const apps = [front];
  try {
    if (layout !== "together")
      apps.push(
        await startAppChild(
          "modelgate-queue",
          sim.apiUrl,
          { redisUrl, prefix, workers: 4 },
          layout === "apart" ? 19 : undefined,
        ),
      );
    const pending = () => front.pending();
    const repo = new BenchRepo(sim, 20);
    const payload = () =>
      JSON.stringify(
        sim.payloads.pullRequest({ action: "synchronize", number: repo.openRetrainPr(1).number }),
      );
    await fire(front.webhookUrl, front.secret, [payload()], 1);
    await drain(pending);
    // A warm-up burst, not counted: a replica that has been up a while has its code compiled.
    const warm = Array.from({ length: Math.min(200, opts.webhooks) }, payload);
    await fireInChild(front.webhookUrl, front.secret, warm, opts.concurrency);
    await drain(pending);
    const rounds: QueueAckRound[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      const payloads = Array.from({ length: opts.webhooks }, payload);
      const cpuBefore = await front.cpuUs();
      const started = performance.now();
      const result = await fireInChild(front.webhookUrl, front.secret, payloads, opts.concurrency);
      const frontCpuMs = ((await front.cpuUs()) - cpuBefore) / 1000 / opts.webhooks;
      await drain(pending);
      const drained = (performance.now() - started) / 1000;
      rounds.push({
        ack_p50_ms: result.latency.p50,
        ack_p99_ms: result.latency.p99,
        ack_max_ms: result.latency.max,
        within_100ms: withinShare(result.latency, 100),
        drained_s: Math.round(drained * 10) / 10,
        front_cpu_ms_per_webhook: Math.round(frontCpuMs * 100) / 100,
      });
    }
    const checks = [...sim.repo.checkRuns.values()].length;
    const sent = opts.webhooks * opts.rounds + 1 + warm.length;
    if (checks < sent) throw new Error(`${checks} check runs for ${sent} webhooks`);
    const median = [...rounds].sort((x, y) => x.ack_p99_ms - y.ack_p99_ms)[Math.floor(rounds.length / 2)];
    if (median === undefined) throw new Error("no rounds");
    return { layout, concurrency: opts.concurrency, webhooks: opts.webhooks, ...median, rounds };
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    await sim.close();
  }
}

/** The largest of autocannon's percentiles (50 … 99.9, 100 for the maximum) at or under `ms`. */
function withinShare(latency: Result["latency"], ms: number): number {
  const points: Array<[number, number]> = [
    [50, latency.p50],
    [75, latency.p75],
    [90, latency.p90],
    [97.5, latency.p97_5],
    [99, latency.p99],
    [99.9, latency.p99_9],
    [100, latency.max],
  ];
  return points.reduce((share, [p, v]) => (v <= ms ? p : share), 0);
}

async function drain(pending: () => Promise<number>): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if ((await pending()) === 0) return;
    await sleep(100);
  }
  throw new Error("the queue did not drain within 120 s");
}

interface FoundRedis {
  url: string;
  description: string;
  stop(): void;
}

/** MODELGATE_BENCH_REDIS_URL or MODELGATE_TEST_REDIS_URL if reachable, else a redis-server of our own on loopback. */
async function findRedis(): Promise<FoundRedis | { skipped: string }> {
  const given = process.env.MODELGATE_BENCH_REDIS_URL ?? process.env.MODELGATE_TEST_REDIS_URL;
  if (given && (await redisReachable(given, 500)))
    return { url: given, description: "given", stop: () => undefined };
  if (spawnSync("redis-server", ["--version"]).status !== 0)
    return { skipped: "no Redis: set MODELGATE_BENCH_REDIS_URL or install redis-server" };
  return startRedis();
}

/** A redis-server of our own on loopback. */
async function startRedis(): Promise<FoundRedis> {
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  const child: ChildProcess = spawn("redis-server", args, { stdio: "ignore" });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await redisReachable(url, 500)); i++) await sleep(100);
  return { url, description: "redis-server started by the benchmark", stop: () => child.kill() };
}
