import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { WebhookDefinition } from "@octokit/webhooks-examples";
import { mergeDeep } from "../src/core/policy/gates-for-model.ts";
import { freePort } from "../src/local/start-local-app.ts";
import { createSimulator } from "../src/sim/github-simulator.ts";
import { startAppChild } from "./app-child.ts";
import { BenchRepo } from "./bench-repo.ts";
import { startLoadGenerator } from "./fire-child.ts";
import { redisReachable } from "./redis-reachable.ts";
import { type Answer, fire, round1 } from "./throughput-bench.ts";

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
  /** Share of webhooks acknowledged within 100 ms, % (SPEC §6: at least 99 %). */
  within_100ms: number;
  /**
   * The same over the answers on connections already open (each connection's second answer
   * on): autocannon times a connection's first request from before the connection is made, so
   * the first 50 of each burst include opening 50 connections at once, a cost the control
   * layout shows any server has on this machine under the same load.
   */
  open_p99_ms: number;
  open_max_ms: number;
  open_within_100ms: number;
  /** The slowest first answer on a connection (its set-up included), ms. */
  first_max_ms: number;
  /** From the first webhook until the workers had evaluated every job, s. */
  drained_s: number;
  /**
   * CPU of the receiving replica per webhook, ms, from the first webhook to the last answer: in
   * `split` it only acknowledges (verify, enqueue), so this is the acknowledgement's own cost,
   * which the load of the machine does not inflate as it does the wall times.
   */
  front_cpu_ms_per_webhook: number;
  /**
   * The receiving replica's event-loop delay over the burst (p99 and maximum, ms): an
   * acknowledgement waits at least this long when its request arrives while the loop is held
   * (by the evaluation, in `together`, or a garbage collection); a p99 well above it was spent
   * outside the replica's loop (the scheduler, Redis, the load generator).
   */
  front_loop_p99_ms: number;
  front_loop_max_ms: number;
  /**
   * How long the acknowledgements took inside the receiving replica, from their headers to the
   * end of the answer (p99 and maximum, ms); the rest of `ack_p99_ms` was spent outside it.
   */
  front_served_p99_ms: number;
  front_served_max_ms: number;
  /** The load generator's own event-loop delay over the burst, ms (time it counted as the App's). */
  generator_loop_max_ms: number;
}

/** A layout's rounds, and the median round by p99 spread beside them. */
export interface QueueAckRun extends QueueAckRound {
  /**
   * `together`: one replica receives and evaluates; `split`: one receives, another evaluates, all
   * on the machine's cores as the scheduler likes, at one priority; `apart`: split, with the
   * evaluating replica at the lowest priority (`nice -n 19`), so that it takes only the CPU the
   * acknowledgement's path (receiving replica, Redis, the load generator) leaves, as when it runs
   * on machines of its own and does not share the receiver's; `control`: no modelgate, a plain
   * Node server that reads each body and answers 202, beside two busy loops that take the CPU the
   * evaluating replica and the simulator take in `split`: what acknowledging costs any server on
   * this machine under that load, measured by the same load generator.
   */
  layout: "together" | "split" | "apart" | "control";
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
  /** The layouts to run, all four by default. */
  layouts?: ReadonlyArray<QueueAckRun["layout"]>;
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
    for (const layout of opts.layouts ?? (["together", "split", "apart", "control"] as const))
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
  const control = layout === "control";
  const front = await startAppChild(control ? "null" : "modelgate-queue", sim.apiUrl, {
    redisUrl,
    prefix,
    workers: layout === "together" ? 4 : 0,
  });
  const apps: Array<{ stop(): Promise<void> }> = [front];
  let ownPriority: { restore(): void } | undefined;
  const generator = startLoadGenerator();
  try {
    if (control) apps.push(busyLoop(), busyLoop());
    else if (layout !== "together")
      apps.push(
        await startAppChild(
          "modelgate-queue",
          sim.apiUrl,
          { redisUrl, prefix, workers: 4 },
          layout === "apart" ? 19 : undefined,
        ),
      );
    // `apart`: the simulator (GitHub's API, which the evaluating replica calls) runs in this
    // process; it goes to the lowest priority too, after the receiving path's processes started.
    if (layout === "apart") ownPriority = lowerOwnPriority();
    const pending = () => front.pending();
    const repo = new BenchRepo(sim, 20);
    const payload = () =>
      JSON.stringify(
        mergeDeep(
          GITHUB_EXAMPLE,
          sim.payloads.pullRequest({ action: "synchronize", number: repo.openRetrainPr(1).number }),
        ),
      );
    await fire(front.webhookUrl, front.secret, [payload()], 1);
    await drain(pending);
    // A warm-up burst, not counted: a replica that has been up a while has its code compiled, and
    // so has the load generator (GitHub's senders are not cold either).
    const warm = Array.from({ length: Math.min(200, opts.webhooks) }, payload);
    await generator.fire(front.webhookUrl, front.secret, warm, opts.concurrency);
    await drain(pending);
    const rounds: QueueAckRound[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      const payloads = Array.from({ length: opts.webhooks }, payload);
      const cpuBefore = await front.cpuUs();
      await front.loopDelay();
      const started = performance.now();
      const result = await generator.fire(front.webhookUrl, front.secret, payloads, opts.concurrency);
      const frontCpuMs = ((await front.cpuUs()) - cpuBefore) / 1000 / opts.webhooks;
      const loop = await front.loopDelay();
      await drain(pending);
      const drained = (performance.now() - started) / 1000;
      rounds.push({
        ...ackFigures(result.answers),
        drained_s: round1(drained),
        front_cpu_ms_per_webhook: Math.round(frontCpuMs * 100) / 100,
        front_loop_p99_ms: round1(loop.p99_ms),
        front_loop_max_ms: round1(loop.max_ms),
        front_served_p99_ms: round1(loop.served_p99_ms),
        front_served_max_ms: round1(loop.served_max_ms),
        generator_loop_max_ms: round1(result.generator_loop_max_ms),
      });
    }
    const checks = [...sim.repo.checkRuns.values()].length;
    const sent = opts.webhooks * opts.rounds + 1 + warm.length;
    if (!control && checks < sent) throw new Error(`${checks} check runs for ${sent} webhooks`);
    const median = [...rounds].sort((x, y) => x.ack_p99_ms - y.ack_p99_ms)[Math.floor(rounds.length / 2)];
    if (median === undefined) throw new Error("no rounds");
    return { layout, concurrency: opts.concurrency, webhooks: opts.webhooks, ...median, rounds };
  } finally {
    ownPriority?.restore();
    await Promise.all([...apps.map((a) => a.stop()), generator.stop()]);
    await sim.close();
  }
}

type AckFigures = Pick<
  QueueAckRound,
  | "ack_p50_ms"
  | "ack_p99_ms"
  | "ack_max_ms"
  | "within_100ms"
  | "open_p99_ms"
  | "open_max_ms"
  | "open_within_100ms"
  | "first_max_ms"
>;

/** Percentiles (nearest rank) and shares within 100 ms of every answer, and of those on open connections. */
export function ackFigures(answers: Answer[]): AckFigures {
  const all = answers.map((a) => a.ms).sort((x, y) => x - y);
  const open = answers
    .filter((a) => !a.first)
    .map((a) => a.ms)
    .sort((x, y) => x - y);
  const first = answers.filter((a) => a.first).map((a) => a.ms);
  return {
    ack_p50_ms: rank(all, 50),
    ack_p99_ms: rank(all, 99),
    ack_max_ms: rank(all, 100),
    within_100ms: share(all, 100),
    open_p99_ms: rank(open, 99),
    open_max_ms: rank(open, 100),
    open_within_100ms: share(open, 100),
    first_max_ms: round1(Math.max(0, ...first)),
  };
}

/** The nearest-rank percentile of sorted times, ms to a tenth. */
function rank(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return round1(sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] ?? 0);
}

/** The share of times at or under `ms`, % to a tenth. */
function share(times: number[], ms: number): number {
  if (times.length === 0) return 100;
  return round1((100 * times.filter((t) => t <= ms).length) / times.length);
}

/**
 * This process's main thread (where the simulator answers) at `nice` 19 until restored. Going
 * back up needs the right to (root, CAP_SYS_NICE); without it the rest of the run stays at 19,
 * and so does everything it starts, which keeps the layouts' priorities relative to each other.
 */
function lowerOwnPriority(): { restore(): void } {
  const before = os.getPriority();
  os.setPriority(19);
  return {
    restore() {
      try {
        os.setPriority(before);
      } catch {
        // Not allowed to raise it again: see above.
      }
    },
  };
}

/** A process that only burns CPU until stopped (the control layout's stand-in for the evaluation). */
function busyLoop(): { stop(): Promise<void> } {
  const child = spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    async stop() {
      child.kill();
      await exited;
    },
  };
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
