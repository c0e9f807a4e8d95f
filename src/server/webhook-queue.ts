import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { DelayedError, type Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger, Probot } from "probot";
import type { AppMetrics, QueueStats } from "../github/metrics/app-metrics.ts";
import { rateLimitWaitSeconds } from "../github/metrics/watch-octokit.ts";
import { type JobKey, jobKey } from "./job-key.ts";

export interface QueueOptions {
  redisUrl: string;
  /** Redis key prefix: the replicas of one App share it (tests use one of their own). */
  prefix?: string;
  /** Jobs one replica evaluates at once; 0 for a replica that only receives webhooks. */
  concurrency?: number;
  /** How often a replica with workers looks for re-runs a crashed replica left asked (0: never). */
  sweepMs?: number;
  /** A job whose worker stops renewing its lock this long is handed to another worker. */
  lockMs?: number;
  /** Attempts per job (the first and its retries). */
  attempts?: number;
  /** How long shutdown waits for jobs in flight before leaving them to another worker. */
  drainMs?: number;
}

export interface WebhookEvent {
  id: string;
  name: string;
  payload: unknown;
}

/** A delivery as the webhook route received it: GitHub's guid and event name, the verified body's bytes. */
export interface Delivery {
  id: string;
  name: string;
  body: Buffer;
}

const QUEUE_NAME = "webhooks";
const DAY_MS = 86_400_000;
/** A command waiting for its PR's evaluation looks again this often, for at most this long. */
const ORDER_STEP_MS = 500;
const ORDER_MAX_MS = 5 * 60_000;
/** The mover's lease: a replica that stops renewing it for this long is replaced by another. */
const MOVER_LEASE_MS = 5000;
const RENEW_LEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) end
return 0`;
const RELEASE_LEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end
return 0`;
/** Job states in which an evaluation has yet to finish. */
const PENDING = new Set(["waiting", "active", "delayed", "prioritized", "waiting-children"]);

/** Sets the PR's newest head if it is newer, and returns the job it replaces (or nil). */
const SUPERSEDE = `local current = redis.call("get", KEYS[1])
if current then
  local at, id = string.match(current, "^(%d+)|(.*)$")
  if tonumber(at) >= tonumber(ARGV[1]) then return false end
  redis.call("set", KEYS[1], ARGV[1] .. "|" .. ARGV[2], "PX", ARGV[3])
  if id ~= ARGV[2] then return id end
  return false
end
redis.call("set", KEYS[1], ARGV[1] .. "|" .. ARGV[2], "PX", ARGV[3])
return false`;

/**
 * The durable queue of webhooks (SPEC §4.6, with `REDIS_URL`): the webhook route only
 * enqueues; workers on any replica run the App's handlers on a Probot of their own. A job per
 * PR head (a newer head removes a job still waiting for an older one), retried with backoff that
 * waits as long as GitHub's `retry-after` asks; a job whose replica dies is handed to another
 * worker when its lock expires.
 */
export class WebhookQueue implements QueueStats {
  readonly #queue: Queue;
  readonly #worker: Worker | null;
  readonly #opts: Required<Omit<QueueOptions, "redisUrl">>;
  readonly #log: Logger;
  /** For modelgate's own keys beside BullMQ's (the newest head of each PR). */
  readonly #redis: Redis;
  readonly #sweeper: NodeJS.Timeout | null;
  /** The loop that moves accepted deliveries into the queue (replicas with workers), and its stop. */
  readonly #mover: { done: Promise<void>; connection: Redis } | null;
  #running = true;

  constructor(handlers: Probot, metrics: AppMetrics, log: Logger, redis: Redis, opts: QueueOptions) {
    this.#redis = redis;
    this.#opts = {
      prefix: opts.prefix ?? "modelgate",
      concurrency: opts.concurrency ?? 4,
      lockMs: opts.lockMs ?? 30_000,
      attempts: opts.attempts ?? 5,
      drainMs: opts.drainMs ?? 25_000,
      sweepMs: opts.sweepMs ?? 5 * 60_000,
    };
    this.#log = log;
    const connection = { url: opts.redisUrl };
    this.#queue = new Queue(QUEUE_NAME, { connection, prefix: this.#opts.prefix });
    this.#queue.on("error", (err) => log.warn({ err }, "webhook queue: Redis error"));
    this.#worker =
      this.#opts.concurrency === 0
        ? null
        : new Worker<WebhookEvent>(
            QUEUE_NAME,
            async (job, token) => {
              if (await this.#waitsForEvaluation(job)) {
                await job.moveToDelayed(Date.now() + ORDER_STEP_MS, token);
                throw new DelayedError();
              }
              metrics.jobWaitSeconds.observe(Math.max(0, Date.now() - job.timestamp) / 1000);
              // A head's job reads the head from here on: requests until now are served by it.
              if (job.id !== undefined && jobKey(job.data.name, job.data.id, job.data.payload).evaluates)
                await this.#clearAsked(job.id).exec();
              await handlers.receive(asEmitterEvent(job.data));
            },
            {
              connection,
              prefix: this.#opts.prefix,
              concurrency: this.#opts.concurrency,
              lockDuration: this.#opts.lockMs,
              stalledInterval: Math.max(1000, Math.floor(this.#opts.lockMs / 2)),
              settings: { backoffStrategy: (attemptsMade, _type, err) => backoffMs(attemptsMade, err) },
            },
          );
    this.#worker?.on("error", (err) => log.warn({ err }, "webhook queue worker: Redis error"));
    this.#worker?.on("failed", (job, err) => {
      log.warn({ err, job: job?.id, attempts: job?.attemptsMade }, "webhook job failed");
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) void this.#finished(job);
    });
    this.#worker?.on("completed", (job) => void this.#finished(job));
    metrics.watchQueue(this);
    const sweep = () =>
      void this.recoverAsked().catch((err: unknown) =>
        log.warn({ err }, "could not look for re-runs left asked"),
      );
    this.#sweeper =
      this.#worker && this.#opts.sweepMs > 0 ? setInterval(sweep, this.#opts.sweepMs).unref() : null;
    if (this.#sweeper) sweep();
    if (this.#worker) {
      const connection = redis.duplicate();
      connection.on("error", (err) => log.warn({ err }, "webhook inbox: Redis error"));
      this.#mover = { connection, done: this.#move(connection) };
    } else this.#mover = null;
  }

  /**
   * The webhook route's acknowledgement (SPEC §6: 99 % within 100 ms at 50 at once): one Redis
   * command, the delivery pushed to the inbox as delivered. One replica at a time (a lease) moves
   * the inbox into the queue in the order deliveries came (`enqueue`), so a command still follows
   * the evaluation of its PR received before it. Resolves once Redis holds the delivery.
   * The entry is the event's JSON written around the delivered bytes: nothing is parsed,
   * re-serialized or re-encoded here (a 21 KB delivery's parse and UTF-8 encoding were a third
   * of the acknowledgement's CPU); a body that is not JSON makes an entry the mover drops.
   */
  async accept(delivery: Delivery): Promise<void> {
    const head = `{"id":${JSON.stringify(delivery.id)},"name":${JSON.stringify(delivery.name)},"payload":`;
    const entry = Buffer.concat([Buffer.from(head), delivery.body, ENTRY_END]);
    await this.#redis.lpush(this.#key("inbox", "waiting"), entry);
  }

  /**
   * The mover: while it holds the lease, takes the inbox's oldest delivery into a list of its own
   * (BLMOVE), enqueues it and lets go of it. Deliveries a mover that stopped had taken are enqueued
   * first by the next (enqueueing one twice is harmless: the job id is the head's, or the
   * delivery's). A delivery Redis fails to enqueue stays taken and is tried again.
   */
  async #move(connection: Redis): Promise<void> {
    const inbox = this.#key("inbox", "waiting");
    const taken = this.#key("inbox", "taken");
    const lease = this.#key("inbox", "mover");
    const token = randomUUID();
    const hold = async () =>
      (await connection.set(lease, token, "PX", MOVER_LEASE_MS, "NX")) === "OK" ||
      (await connection.eval(RENEW_LEASE, 1, lease, token, MOVER_LEASE_MS)) === 1;
    try {
      while (this.#running) {
        if (!(await hold().catch(() => false))) {
          await sleep(MOVER_LEASE_MS / 5, undefined, { ref: false });
          continue;
        }
        try {
          for (const entry of (await connection.lrange(taken, 0, -1)).reverse())
            await this.#moveOne(connection, taken, entry);
          let renewed = Date.now();
          while (this.#running) {
            if (Date.now() - renewed > MOVER_LEASE_MS / 3) {
              if (!(await hold())) break;
              renewed = Date.now();
            }
            const entry = await connection.blmove(inbox, taken, "RIGHT", "LEFT", 1);
            if (entry !== null) await this.#moveOne(connection, taken, entry);
          }
        } catch (err) {
          if (!this.#running) break;
          this.#log.warn({ err }, "webhook inbox: could not move a delivery into the queue; trying again");
          await sleep(1000, undefined, { ref: false });
        }
      }
    } finally {
      await connection.eval(RELEASE_LEASE, 1, lease, token).catch(() => undefined);
    }
  }

  async #moveOne(connection: Redis, taken: string, entry: string): Promise<void> {
    const event = inboxEvent(entry);
    if ("dropped" in event)
      this.#log.error({ delivery: event.delivery }, `webhook inbox: ${event.dropped}; dropped`);
    else await this.enqueue(event, entry);
    await connection.lrem(taken, 1, entry);
  }

  /** Called with each job's id as a worker of this replica starts it (logs, tests). */
  onActive(listener: (jobId: string) => void): void {
    this.#worker?.on("active", (job) => listener(job.id ?? ""));
  }

  /**
   * Puts one verified event in the queue; resolves once Redis holds it. This is the webhook's
   * acknowledgement path (SPEC §6: 99 % within 100 ms at 50 at once), so it waits for one round
   * trip: the head's bookkeeping, the job and the job's state are sent at once. Adding a job whose
   * id exists changes nothing (BullMQ keeps the one there), which serves the request unless that
   * job has already read the head: one running is covered by the "asked" mark (written before the
   * add; the job clears it as it starts and looks for it as it ends), one that failed for good is
   * replaced. Removing the job of an older head it supersedes is not waited for (if that is lost,
   * the job runs and the stale-head rule discards its result).
   */
  async enqueue(event: WebhookEvent, json: string = JSON.stringify(event)): Promise<void> {
    const key = jobKey(event.name, event.id, event.payload);
    if (key.evaluates === undefined) {
      await this.#add(event, key);
      return;
    }
    const heads = this.#key("pr-heads", key.evaluates);
    const book = this.#redis
      .pipeline()
      .set(this.#key("asked", key.jobId), json, "PX", DAY_MS)
      .zadd(this.#key("asked-index", "all"), Date.now(), key.jobId)
      .sadd(heads, key.jobId)
      .pexpire(heads, DAY_MS);
    if (key.pr)
      book.eval(
        SUPERSEDE,
        1,
        this.#key("newest-head", key.pr.key),
        String(key.pr.updatedAt),
        key.jobId,
        String(DAY_MS),
      );
    // exec() writes the pipeline now, before the add below is written: so Redis holds the mark
    // before a running job could see the add as a duplicate, end, and look for the mark.
    const booked = book.exec();
    const [results, , state] = await Promise.all([
      booked,
      this.#add(event, key),
      this.#queue.getJobState(key.jobId),
    ]);
    for (const [err] of results ?? []) if (err) throw err;
    if (state === "failed" || state === "completed") {
      // Done for good before this request: a re-run is how a user retries it, so a new job.
      await this.#queue.remove(key.jobId);
      await this.#add(event, key);
    }
    const older = key.pr ? results?.[4]?.[1] : undefined;
    if (typeof older === "string") void this.#dropIfWaiting(older, key.jobId);
  }

  async #add(event: WebhookEvent, key: JobKey): Promise<void> {
    const { id, name, payload } = event;
    await this.#queue.add(
      name,
      { id, name, payload },
      {
        jobId: key.jobId,
        attempts: this.#opts.attempts,
        backoff: { type: "custom" },
        // A head's job is removed when done, so that a re-run of that head later is a new job.
        removeOnComplete: key.evaluates ? true : { age: 3600 },
        removeOnFail: { age: 7 * 86_400 },
      },
    );
  }

  /** A job ended (completed, or failed for good): a re-run asked meanwhile is enqueued now. */
  async #finished(job: Job<WebhookEvent>): Promise<void> {
    const key: JobKey = jobKey(job.data.name, job.data.id, job.data.payload);
    if (key.evaluates === undefined || job.id === undefined) return;
    try {
      await this.#redis.srem(this.#key("pr-heads", key.evaluates), job.id);
      await this.#rerunIfAsked(job.id);
    } catch (err) {
      this.#log.warn({ err, job: job.id }, "could not enqueue the re-run asked during a job");
    }
  }

  /**
   * Re-runs asked during a job whose replica died before it saw them: a mark older than a minute
   * whose head has no job waiting or running is enqueued (a mark whose job waits or runs is that
   * job's business). Enqueueing a request once more is harmless: the job id is the head's. Looks
   * at up to `max` marks; returns how many it enqueued.
   */
  async recoverAsked(max = 1000, olderThanMs = 60_000): Promise<number> {
    const index = this.#key("asked-index", "all");
    const ids = await this.#redis.zrangebyscore(index, "-inf", Date.now() - olderThanMs, "LIMIT", 0, max);
    let enqueued = 0;
    for (const jobId of ids) {
      if (PENDING.has(await this.#queue.getJobState(jobId))) continue;
      const [[, asked]] = (await this.#redis
        .multi()
        .getdel(this.#key("asked", jobId))
        .zrem(index, jobId)
        .exec()) as [[Error | null, string | null]];
      if (typeof asked !== "string") continue;
      try {
        await this.enqueue(JSON.parse(asked) as WebhookEvent);
        enqueued++;
      } catch (err) {
        this.#log.warn({ err, job: jobId }, "could not enqueue a re-run left asked");
      }
    }
    if (enqueued > 0)
      this.#log.info({ enqueued }, "re-runs left asked by a replica that stopped are enqueued");
    return enqueued;
  }

  async #rerunIfAsked(jobId: string): Promise<void> {
    const [[, asked]] = (await this.#clearAsked(jobId).exec()) as [[Error | null, string | null]];
    if (typeof asked === "string") await this.enqueue(JSON.parse(asked) as WebhookEvent);
  }

  /** Takes a head's "asked" mark (GETDEL first) and its entry in the index of marks. */
  #clearAsked(jobId: string) {
    return this.#redis.multi().getdel(this.#key("asked", jobId)).zrem(this.#key("asked-index", "all"), jobId);
  }

  /**
   * A command (`/promote`) or a protection request reads the PR head's check: while an evaluation
   * of its PR is queued or running, it waits (delayed, holding no worker), for at most
   * `ORDER_MAX_MS` after it was received. So a recovered `/promote` is decided on the check of
   * the recovered `opened` before it, as it would have been had neither been missed.
   */
  async #waitsForEvaluation(job: Job<WebhookEvent>): Promise<boolean> {
    const { after } = jobKey(job.data.name, job.data.id, job.data.payload);
    if (after === undefined || Date.now() - job.timestamp > ORDER_MAX_MS) return false;
    for (const pr of after)
      for (const head of await this.#redis.smembers(this.#key("pr-heads", pr)))
        if (PENDING.has(await this.#queue.getJobState(head))) return true;
    return false;
  }

  /** modelgate's own keys beside BullMQ's. */
  #key(kind: string, id: string): string {
    return `${this.#opts.prefix}:modelgate:${kind}:${id}`;
  }

  /** Removes the job of an older head of a PR if no worker has taken it yet. */
  async #dropIfWaiting(older: string, by: string): Promise<void> {
    try {
      if ((await this.#queue.getJobState(older)) !== "waiting") return;
      // A worker may take it meanwhile: then it runs, and the stale-head rule discards its result.
      if ((await this.#queue.remove(older)) !== 1) return;
      // Its requests are the newer head's business now: no sweep is to enqueue the old head again.
      await this.#clearAsked(older).exec();
      this.#log.debug({ job: older, by }, "superseded by a newer head");
    } catch (err) {
      this.#log.debug({ err, job: older }, "could not remove a superseded job");
    }
  }

  /** Jobs by state; deliveries in the inbox, not yet moved into the queue, count as waiting. */
  async counts(): Promise<Record<"waiting" | "active" | "delayed" | "failed", number>> {
    const [c, inbox, taken] = await Promise.all([
      this.#queue.getJobCounts("waiting", "active", "delayed", "failed"),
      this.#redis.llen(this.#key("inbox", "waiting")),
      this.#redis.llen(this.#key("inbox", "taken")),
    ]);
    return {
      waiting: (c.waiting ?? 0) + inbox + taken,
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
    };
  }

  async oldestWaitingAgeSeconds(): Promise<number> {
    const [oldest]: Job[] = await this.#queue.getJobs(["waiting"], 0, 0, true);
    return oldest === undefined ? 0 : Math.max(0, Date.now() - oldest.timestamp) / 1000;
  }

  /**
   * Graceful shutdown: stop taking jobs, let those in flight finish for up to `drainMs`, then let
   * go of the rest without completing them: their locks lapse and another worker takes them.
   */
  async close(): Promise<void> {
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#running = false;
    if (this.#mover) {
      // The mover's BLMOVE waits at most a second; what it took is moved before it stops.
      await this.#mover.done;
      this.#mover.connection.disconnect();
    }
    const worker = this.#worker;
    if (worker === null) return this.#queue.close();
    const drained = worker.close().then(() => true);
    const finished = await Promise.race([drained, sleep(this.#opts.drainMs, false, { ref: false })]);
    if (!finished) {
      this.#log.warn("jobs still in flight at shutdown are left to another worker");
      await worker.close(true);
    }
    await this.#queue.close();
  }

  /** Stops at once, as a crash would: jobs in flight are not finished here. For tests. */
  async abandon(): Promise<void> {
    if (this.#sweeper) clearInterval(this.#sweeper);
    this.#running = false;
    // As a crash: the lease is not given back; another replica's mover takes over when it lapses.
    this.#mover?.connection.disconnect();
    await this.#worker?.close(true);
    await this.#queue.close();
  }
}

/**
 * Backoff before a retry: as long as GitHub asked (`retry-after`, or until the rate limit
 * resets), else exponential from 1 s, capped at a minute.
 */
export function backoffMs(attemptsMade: number, err: unknown): number {
  for (const e of causes(err)) {
    const status = typeof e.status === "number" ? e.status : 0;
    const response = e.response;
    const headers =
      typeof response === "object" && response !== null && "headers" in response ? response.headers : null;
    if (typeof headers !== "object" || headers === null) continue;
    const flat = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const wait = rateLimitWaitSeconds(status, flat);
    if (wait !== null) return Math.min(wait, 3600) * 1000 + 250;
  }
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attemptsMade - 1));
}

/** The error and, for the AggregateError Probot throws, each handler's error. */
function causes(err: unknown): Array<Record<string, unknown>> {
  if (typeof err !== "object" || err === null) return [];
  const inner = err instanceof AggregateError ? err.errors : [];
  return [err, ...inner].filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null);
}

const ENTRY_END = Buffer.from("}");

/**
 * An inbox entry back as an event, or why it is dropped: the route wrote the guid and event name
 * around the delivered body, so the body is what lies between that head and the closing brace,
 * and it must be one JSON object on its own (a signed body such as `{}, "id": "…"` would make
 * the whole entry parse with another guid; GitHub never sends one).
 */
function inboxEvent(entry: string): WebhookEvent | { dropped: string; delivery?: string } {
  const head = ENTRY_HEAD.exec(entry);
  if (head === null || !entry.endsWith("}"))
    return { dropped: "an inbox entry the webhook route did not write" };
  let id: string;
  let name: string;
  try {
    id = String(JSON.parse(head[1] ?? ""));
    name = String(JSON.parse(head[2] ?? ""));
  } catch {
    return { dropped: "an inbox entry the webhook route did not write" };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(entry.slice(head[0].length, -1));
  } catch {
    return { dropped: "a signed delivery whose body is not JSON", delivery: id };
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload))
    return { dropped: "a delivery whose body is not a JSON object", delivery: id };
  return { id, name, payload };
}

/** The head `accept` writes: the guid and the event name as JSON strings. */
const ENTRY_HEAD = /^\{"id":("(?:[^"\\]|\\.)*"),"name":("(?:[^"\\]|\\.)*"),"payload":/;

/**
 * A job's event back as Probot receives it. The queue holds what the verified webhook carried,
 * so the name and payload are GitHub's; their static types are lost in JSON.
 */
function asEmitterEvent(event: WebhookEvent): Parameters<Probot["receive"]>[0] {
  return event as Parameters<Probot["receive"]>[0];
}
