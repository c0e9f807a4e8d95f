import { generateKeyPairSync, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { pino } from "pino";
import { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppMetrics } from "../../src/github/metrics/app-metrics.ts";
import { jobKey } from "../../src/server/job-key.ts";
import { backoffMs, WebhookQueue } from "../../src/server/webhook-queue.ts";
import { deleteKeys, REDIS_URL, redisReachable, skipNote } from "../e2e/redis-harness.ts";

const repository = { id: 7 };
const pull = (number: number, sha: string, updatedAt: string, action = "synchronize") => ({
  action,
  repository,
  pull_request: { number, head: { sha }, updated_at: updatedAt },
});
/** A Probot whose handlers the queue's workers run (its key is never used: no request to GitHub). */
const testProbot = () => {
  const { privateKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  return new Probot({ appId: 1, privateKey, logLevel: "fatal" });
};
const suite = (sha: string, prs: number[]) => ({
  action: "requested",
  repository,
  check_suite: { head_sha: sha, pull_requests: prs.map((number) => ({ number })) },
});

describe("jobKey", () => {
  it.each([
    {
      name: "pull_request",
      payload: pull(1, "abc", "2026-12-01T10:00:00Z"),
      jobId: "head-7-1-abc",
      pr: "pr-7-1",
    },
    { name: "check_suite", payload: suite("abc", [1]), jobId: "head-7-1-abc", pr: undefined },
    { name: "check_suite", payload: suite("abc", [1, 2]), jobId: "delivery-g", pr: undefined },
    {
      name: "pull_request",
      payload: pull(1, "abc", "2026-12-01T10:00:00Z", "closed"),
      jobId: "delivery-g",
      pr: undefined,
    },
    { name: "issue_comment", payload: { action: "created", repository }, jobId: "delivery-g", pr: undefined },
    { name: "pull_request", payload: "not an object", jobId: "delivery-g", pr: undefined },
  ])("$name $payload.action → $jobId", ({ name, payload, jobId, pr }) => {
    const key = jobKey(name, "g", payload);
    expect([key.jobId, key.pr?.key]).toEqual([jobId, pr]);
  });

  it.each([
    {
      name: "pull_request",
      payload: pull(1, "abc", "2026-12-01T10:00:00Z"),
      evaluates: "pr-7-1",
      after: undefined,
    },
    { name: "check_suite", payload: suite("abc", [1]), evaluates: "pr-7-1", after: undefined },
    {
      name: "issue_comment",
      payload: { action: "created", repository, issue: { number: 3, pull_request: {} } },
      evaluates: undefined,
      after: ["pr-7-3"],
    },
    // A comment on an issue that is no PR waits for nothing.
    {
      name: "issue_comment",
      payload: { action: "created", repository, issue: { number: 3 } },
      evaluates: undefined,
      after: undefined,
    },
    {
      name: "deployment_protection_rule",
      payload: { action: "requested", repository, pull_requests: [{ number: 4 }, { number: "x" }] },
      evaluates: undefined,
      after: ["pr-7-4"],
    },
  ])("$name: evaluates $evaluates, runs after $after", ({ name, payload, evaluates, after }) => {
    const key = jobKey(name, "g", payload);
    expect([key.evaluates, key.after]).toEqual([evaluates, after]);
  });

  it("keeps BullMQ's separator out of ids", () => {
    expect(jobKey("ping", "a:b/c", {}).jobId).toBe("delivery-a_b_c");
  });
});

describe("backoffMs", () => {
  const limited = (status: number, headers: Record<string, string>) =>
    Object.assign(
      new AggregateError([Object.assign(new Error("limited"), { status, response: { headers } })]),
      {},
    );
  it("waits as long as retry-after says, or until the rate limit resets, else doubles from 1 s", () => {
    expect(backoffMs(1, limited(403, { "retry-after": "30" }))).toBe(30_250);
    const reset = String(Math.floor(Date.now() / 1000) + 60);
    const untilReset = backoffMs(
      1,
      limited(429, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }),
    );
    expect(untilReset).toBeGreaterThan(55_000);
    expect(untilReset).toBeLessThanOrEqual(60_250);
    expect([1, 2, 3, 10].map((n) => backoffMs(n, new Error("boom")))).toEqual([1000, 2000, 4000, 60_000]);
    expect(backoffMs(1, limited(500, { "retry-after": "30" }))).toBe(1000);
  });
});

const reachable = await redisReachable(REDIS_URL);
if (!reachable) console.warn(skipNote("webhook-queue"));

describe.skipIf(!reachable)("WebhookQueue on Redis", () => {
  const prefix = `modelgate-test-${randomUUID()}`;
  const handled: string[] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let queue: WebhookQueue;
  let redis: Redis;

  beforeAll(async () => {
    const probot = testProbot();
    probot.onAny(async (context) => {
      handled.push(`${context.name} ${context.id}`);
      await gate; // the first job holds the only worker until the test lets go
    });
    redis = new Redis(REDIS_URL);
    queue = new WebhookQueue(probot, new AppMetrics(), pino({ level: "silent" }), redis, {
      redisUrl: REDIS_URL,
      prefix,
      concurrency: 1,
    });
  });
  afterAll(async () => {
    release();
    await queue.close();
    redis.disconnect();
    await deleteKeys(REDIS_URL, prefix);
  });

  it("one job per PR head; a newer head removes the older one still waiting", async () => {
    const event = (id: string, name: string, payload: unknown) => queue.enqueue({ id, name, payload });
    await event("busy", "issue_comment", { action: "created", repository });
    for (let i = 0; i < 50 && handled.length === 0; i++) await sleep(50);
    expect(handled).toEqual(["issue_comment busy"]);

    await event("old-head", "pull_request", pull(1, "aaa", "2026-12-01T10:00:00Z"));
    await event("old-suite", "check_suite", suite("aaa", [1]));
    await event("other-pr", "pull_request", pull(2, "ccc", "2026-12-01T10:00:00Z"));
    await event("new-head", "pull_request", pull(1, "bbb", "2026-12-01T10:05:00Z"));
    // Out of order: an older head arriving late does not supersede the newer one.
    await event("late-old", "pull_request", pull(1, "zzz", "2026-12-01T09:00:00Z"));
    // The older head's job is removed after the newer one's enqueue resolved (not on its path).
    for (let i = 0; i < 50 && (await queue.counts()).waiting > 3; i++) await sleep(20);
    expect(await queue.counts()).toMatchObject({ waiting: 3, active: 1 });
    expect(await queue.oldestWaitingAgeSeconds()).toBeGreaterThanOrEqual(0);

    release();
    for (let i = 0; i < 100 && handled.length < 4; i++) await sleep(50);
    expect(handled.sort()).toEqual(
      [
        "issue_comment busy",
        "pull_request other-pr",
        "pull_request new-head",
        "pull_request late-old",
      ].sort(),
    );
    // The superseded head's request left no mark for the sweep to enqueue it again.
    expect(await queue.recoverAsked(1000, 0)).toBe(0);
  });
});

describe.skipIf(!reachable)(
  "WebhookQueue order: nothing dropped, commands after their PR's evaluation",
  () => {
    const prefix = `modelgate-test-${randomUUID()}`;
    /** `start ID` and `end ID` of each job, in the order the two workers ran them. */
    const log: string[] = [];
    const gates = new Map<string, () => void>();
    const held = new Set(["first", "eval", "hold-a", "hold-b"]);
    let queue: WebhookQueue;
    let redis: Redis;

    const release = (id: string) => {
      held.delete(id);
      gates.get(id)?.();
    };
    const until = async (what: string, ok: () => boolean) => {
      for (let i = 0; i < 200 && !ok(); i++) await sleep(50);
      if (!ok()) throw new Error(`timed out waiting for ${what}: ${log.join(", ")}`);
    };

    beforeAll(async () => {
      const probot = testProbot();
      probot.onAny(async (context) => {
        log.push(`start ${context.id}`);
        if (held.has(context.id)) await new Promise<void>((resolve) => gates.set(context.id, resolve));
        if (context.id === "fails") {
          log.push(`threw ${context.id}`);
          throw new Error("GitHub is down");
        }
        log.push(`end ${context.id}`);
      });
      redis = new Redis(REDIS_URL);
      queue = new WebhookQueue(probot, new AppMetrics(), pino({ level: "silent" }), redis, {
        redisUrl: REDIS_URL,
        prefix,
        concurrency: 2,
        attempts: 1,
      });
    });
    afterAll(async () => {
      for (const id of [...held]) release(id);
      await queue.close();
      redis.disconnect();
      await deleteKeys(REDIS_URL, prefix);
    });

    it("a re-run asked while that head's job runs is evaluated after it, not dropped", async () => {
      await queue.enqueue({
        id: "first",
        name: "pull_request",
        payload: pull(3, "ddd", "2026-12-01T10:00:00Z"),
      });
      await until("the first job to start", () => log.includes("start first"));
      await queue.enqueue({
        id: "rerun",
        name: "check_suite",
        payload: { ...suite("ddd", [3]), action: "rerequested" },
      });
      // The second worker is free, yet the re-run does not run beside the job of its head.
      await sleep(500);
      expect(log).toEqual(["start first"]);
      release("first");
      await until("the re-run", () => log.includes("end rerun"));
      expect(log).toEqual(["start first", "end first", "start rerun", "end rerun"]);
    });

    it("a command waits for the evaluation of its PR queued before it, holding no worker", async () => {
      log.length = 0;
      await queue.enqueue({
        id: "eval",
        name: "pull_request",
        payload: pull(4, "eee", "2026-12-01T10:00:00Z"),
      });
      const command = { action: "created", repository, issue: { number: 4, pull_request: {} } };
      await queue.enqueue({ id: "promote", name: "issue_comment", payload: command });
      const otherPr = { ...command, issue: { number: 5, pull_request: {} } };
      await queue.enqueue({ id: "other-pr", name: "issue_comment", payload: otherPr });
      // The command of another PR does not wait, and runs on the worker the waiting one does not hold.
      await until("the other PR's command", () => log.includes("end other-pr"));
      await sleep(500);
      expect(log.filter((l) => l.endsWith("promote"))).toEqual([]);
      release("eval");
      await until("the command", () => log.includes("end promote"));
      expect(log.indexOf("end eval")).toBeLessThan(log.indexOf("start promote"));
    });

    it("a request for a head whose job still waits is served by that job: one run, no re-run", async () => {
      log.length = 0;
      // Both workers busy, so the head's job waits.
      for (const [id, number] of [
        ["hold-a", 7],
        ["hold-b", 8],
      ] as const) {
        const command = { action: "created", repository, issue: { number, pull_request: {} } };
        await queue.enqueue({ id, name: "issue_comment", payload: command });
      }
      await until(
        "both workers to be busy",
        () => log.includes("start hold-a") && log.includes("start hold-b"),
      );
      await queue.enqueue({
        id: "waits",
        name: "pull_request",
        payload: pull(9, "ggg", "2026-12-01T10:00:00Z"),
      });
      await queue.enqueue({
        id: "same-head",
        name: "check_suite",
        payload: { ...suite("ggg", [9]), action: "requested" },
      });
      expect(await queue.counts()).toMatchObject({ waiting: 1, active: 2 });
      release("hold-a");
      release("hold-b");
      await until("the head's job", () => log.includes("end waits"));
      await sleep(500);
      expect(log.filter((l) => l.endsWith("waits") || l.endsWith("same-head"))).toEqual([
        "start waits",
        "end waits",
      ]);
    });

    it("a head whose job failed for good is evaluated again when a re-run is asked", async () => {
      log.length = 0;
      await queue.enqueue({
        id: "fails",
        name: "pull_request",
        payload: pull(6, "fff", "2026-12-01T10:00:00Z"),
      });
      await until("the failure", () => log.includes("threw fails"));
      for (let i = 0; i < 100 && (await queue.counts()).failed === 0; i++) await sleep(50);
      await queue.enqueue({
        id: "retry",
        name: "check_suite",
        payload: { ...suite("fff", [6]), action: "rerequested" },
      });
      await until("the re-run", () => log.includes("end retry"));
      expect(log).toEqual(["start fails", "threw fails", "start retry", "end retry"]);
    });

    it("a re-run left asked by a replica that stopped as its job ended is enqueued by the sweep", async () => {
      log.length = 0;
      // A replica that only receives: the head's job waits, with the request's mark beside it.
      const receiver = new WebhookQueue(testProbot(), new AppMetrics(), pino({ level: "silent" }), redis, {
        redisUrl: REDIS_URL,
        prefix,
        concurrency: 0,
      });
      const bull = new Queue("webhooks", { connection: { url: REDIS_URL }, prefix });
      try {
        // Both workers busy, so nothing takes the head's job while the test sets the scene.
        for (const [id, number] of [
          ["hold-c", 10],
          ["hold-d", 11],
        ] as const) {
          held.add(id);
          const command = { action: "created", repository, issue: { number, pull_request: {} } };
          await receiver.enqueue({ id, name: "issue_comment", payload: command });
        }
        await until(
          "both workers to be busy",
          () => log.includes("start hold-c") && log.includes("start hold-d"),
        );
        const rerun = {
          id: "left-asked",
          name: "check_suite",
          payload: { ...suite("hhh", [12]), action: "rerequested" },
        };
        await receiver.enqueue(rerun);
        // While its job waits, the mark is that job's business.
        expect(await queue.recoverAsked(1000, 0)).toBe(0);
        // The job ends (removed, as a completed head's job is) and its replica dies before it looks
        // for the mark: the mark is left with no job.
        expect(await bull.remove("head-7-12-hhh")).toBe(1);
        release("hold-c");
        release("hold-d");
        expect(await queue.recoverAsked(1000, 0)).toBe(1);
        await until("the recovered re-run", () => log.includes("end left-asked"));
        expect(await queue.recoverAsked(1000, 0)).toBe(0);
        expect(log.filter((l) => l.endsWith("left-asked"))).toEqual(["start left-asked", "end left-asked"]);
      } finally {
        await bull.close();
        await receiver.close();
      }
    });
  },
);

describe.skipIf(!reachable)(
  "WebhookQueue inbox: one command to accept, moved in order by one replica",
  () => {
    const prefix = `modelgate-test-${randomUUID()}`;
    const log: string[] = [];
    const queues: WebhookQueue[] = [];
    let redis: Redis;

    const probot = () => {
      const p = testProbot();
      p.onAny(async (context) => {
        log.push(`start ${context.id}`);
        await sleep(context.name === "pull_request" ? 300 : 0);
        log.push(`end ${context.id}`);
      });
      return p;
    };
    const replica = (concurrency: number, logger = pino({ level: "silent" })) => {
      const q = new WebhookQueue(probot(), new AppMetrics(), logger, redis, {
        redisUrl: REDIS_URL,
        prefix,
        concurrency,
        attempts: 1,
      });
      queues.push(q);
      return q;
    };
    const until = async (what: string, ok: () => boolean) => {
      for (let i = 0; i < 200 && !ok(); i++) await sleep(50);
      if (!ok()) throw new Error(`timed out waiting for ${what}: ${log.join(", ")}`);
    };

    beforeAll(() => {
      redis = new Redis(REDIS_URL);
    });
    afterAll(async () => {
      for (const q of queues) await q.close();
      redis.disconnect();
      await deleteKeys(REDIS_URL, prefix);
    });

    it("a receiving replica's deliveries are evaluated by another's workers, a command after its PR's head", async () => {
      const receiver = replica(0);
      await receiver.accept({
        id: "head",
        name: "pull_request",
        body: Buffer.from(JSON.stringify(pull(20, "iii", "2026-12-01T10:00:00Z"))),
      });
      const command = { action: "created", repository, issue: { number: 20, pull_request: {} } };
      await receiver.accept({
        id: "promote",
        name: "issue_comment",
        body: Buffer.from(JSON.stringify(command)),
      });
      // Accepted, nothing moved yet: the deliveries count as waiting.
      expect((await receiver.counts()).waiting).toBe(2);
      replica(2);
      await until("the command", () => log.includes("end promote"));
      expect(log.indexOf("end head")).toBeLessThan(log.indexOf("start promote"));
      expect(log.filter((l) => l.endsWith("head"))).toEqual(["start head", "end head"]);
    });

    it("a signed body that is not a JSON object is accepted, then dropped with an error naming the delivery; the next is moved", async () => {
      log.length = 0;
      for (const q of queues) await q.abandon();
      await redis.del(`${prefix}:modelgate:inbox:mover`);
      const errors: Array<{ msg: string; delivery?: string }> = [];
      const logger = pino({ level: "error" }, { write: (line: string) => errors.push(JSON.parse(line)) });
      const receiver = replica(0);
      // What only a holder of the webhook secret could sign: the route does not parse bodies.
      await receiver.accept({ id: "broken", name: "pull_request", body: Buffer.from('{"action":') });
      await receiver.accept({ id: "injected", name: "pull_request", body: Buffer.from('1,"id":"other"') });
      await receiver.accept({ id: "array", name: "pull_request", body: Buffer.from("[1,2]") });
      // Parses, and would make the delivery another guid's and another event: dropped too.
      await receiver.accept({
        id: "renamed",
        name: "pull_request",
        body: Buffer.from('{"action":"created"},"id":"other-guid","name":"issue_comment"'),
      });
      // Parses, keeping the guid, with a second payload in place of the first: dropped too.
      await receiver.accept({
        id: "repayloaded",
        name: "pull_request",
        body: Buffer.from('{"action":"opened"},"payload":{"action":"closed"}'),
      });
      await receiver.accept({
        id: "after-them",
        name: "pull_request",
        body: Buffer.from(JSON.stringify(pull(22, "kkk", "2026-12-01T10:00:00Z"))),
      });
      replica(1, logger);
      await until("the delivery after them", () => log.includes("end after-them"));
      expect(log).toEqual(["start after-them", "end after-them"]);
      expect(errors.map((e) => [e.delivery, e.msg])).toEqual([
        ["broken", "webhook inbox: a signed delivery whose body is not JSON; dropped"],
        // Whole entries that would parse, with a duplicate "id" key: the body alone does not.
        ["injected", "webhook inbox: a signed delivery whose body is not JSON; dropped"],
        ["array", "webhook inbox: a delivery whose body is not a JSON object; dropped"],
        ["renamed", "webhook inbox: a signed delivery whose body is not JSON; dropped"],
        ["repayloaded", "webhook inbox: a signed delivery whose body is not JSON; dropped"],
      ]);
      expect(await redis.llen(`${prefix}:modelgate:inbox:taken`)).toBe(0);
      expect(await redis.llen(`${prefix}:modelgate:inbox:waiting`)).toBe(0);
    });

    it("what a mover that stopped had taken is moved by the next, once", async () => {
      log.length = 0;
      // As a mover that died after taking a delivery and before enqueueing it would leave it.
      const taken = `${prefix}:modelgate:inbox:taken`;
      const event = {
        id: "left-taken",
        name: "pull_request",
        payload: pull(21, "jjj", "2026-12-01T10:00:00Z"),
      };
      for (const q of queues) await q.abandon();
      await redis.del(`${prefix}:modelgate:inbox:mover`);
      await redis.lpush(taken, JSON.stringify(event));
      replica(1);
      await until("the delivery left taken", () => log.includes("end left-taken"));
      await sleep(300);
      expect(log).toEqual(["start left-taken", "end left-taken"]);
      expect(await redis.llen(taken)).toBe(0);
    });
  },
);
