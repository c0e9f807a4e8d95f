import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { freePort, type LocalApp, startLocalApp } from "../../src/local/start-local-app.ts";
import type { QueueOptions } from "../../src/server/webhook-queue.ts";
import { createSimulator, type GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, type RepoWithPull, repoWithPull } from "./harness.ts";
import { deleteKeys, REDIS_URL, redisReachable, skipNote } from "./redis-harness.ts";
import { deploymentsOf, reactionsOn, replyTo } from "./rollout-harness.ts";

const reachable = await redisReachable(REDIS_URL);
if (!reachable) console.warn(skipNote("queue-order"));

const SECRET = "modelgate-local-secret";
const prefixes: string[] = [];

let sim: GitHubSimulator;
const apps: LocalApp[] = [];

/** A replica in queue mode on the shared Redis; `recover` sweeps at start-up (the lock is in Redis). */
async function replica(opts: { prefix: string; port?: number; recover?: boolean; concurrency?: number }) {
  const queue: QueueOptions = {
    redisUrl: REDIS_URL,
    prefix: opts.prefix,
    lockMs: 5000,
    concurrency: opts.concurrency ?? 2,
  };
  const app = await startLocalApp({
    apiUrl: sim.apiUrl,
    logLevel: "fatal",
    ...(opts.port ? { port: opts.port } : {}),
    serve: {
      redisUrl: REDIS_URL,
      recover: opts.recover ? { intervalMs: 300_000, startDelayMs: 0 } : null,
      queue,
    },
  });
  apps.push(app);
  return app;
}

function newPrefix(): string {
  const prefix = `modelgate-test-${randomUUID()}`;
  prefixes.push(prefix);
  return prefix;
}

function openPull(name: string): RepoWithPull {
  const base = { ...README, ...modelFiles({ name: "fraud", version: "1.0.0", auc: 0.9 }) };
  const head = { ...README, ...modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 }) };
  const pr = repoWithPull(sim, name, { base, head });
  pr.repo.setPermission("alice", "write", "maintain");
  return pr;
}

/** Until every replica's queue is empty and `done` holds (bounded). */
async function settled(done: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const counts = await Promise.all(apps.map((a) => a.served?.queue?.counts()));
    const busy = counts.some((c) => c && c.waiting + c.active + c.delayed > 0);
    if (!busy && done()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

// A simulator per test: its delivery log is what the recovery sweep reads.
beforeEach(async () => {
  sim = await createSimulator();
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  await sim.close();
});
afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(REDIS_URL, prefix);
});

describe
  .skipIf(!reachable)
  .sequential("queue mode with two replicas on one Redis: order and nothing dropped (SPEC §4.6)", () => {
    it("a replica answers 202 once Redis holds the event, asking GitHub nothing; a bad signature is 400", async () => {
      const front = await replica({ prefix: newPrefix(), concurrency: 0 });
      const pr = openPull("ack");
      sim.reset();
      const payload = sim.payloads.pullRequest({ action: "opened", number: 1, repo: pr.repo });
      const url = front.webhookUrl;
      expect(await sim.sendWebhook({ name: "pull_request", payload, url, secret: SECRET })).toBe(202);
      expect(await sim.sendWebhook({ name: "pull_request", payload, url, secret: "not the secret" })).toBe(
        400,
      );
      // No installation token, no Octokit, no handler: only the job, waiting for a worker.
      expect(sim.requests).toEqual([]);
      expect(await front.served?.queue?.counts()).toMatchObject({ waiting: 1, active: 0 });
      const metric = await front.served?.metrics.registry
        .getSingleMetric("modelgate_events_received_total")
        ?.get();
      expect(metric?.values.map((v) => [v.labels.event, v.value])).toEqual([["pull_request", 1]]);
    }, 90_000);

    it("recovered `opened` and `/promote`: the promote is decided after that head's evaluation, and deploys once", async () => {
      const prefix = newPrefix();
      const port = await freePort();
      sim.configureWebhook(`http://127.0.0.1:${port}/api/github/webhooks`, SECRET);
      const pr = openPull("order");
      // The App is down: both deliveries fail, and GitHub does not redeliver them.
      const opened = sim.payloads.pullRequest({ action: "opened", number: 1, repo: pr.repo });
      await expect(sim.sendWebhook({ name: "pull_request", payload: opened })).rejects.toThrow();
      const promote = pr.repo.addComment(1, "/promote shadow", "alice");
      const command = sim.payloads.issueComment({ action: "created", commentId: promote.id, repo: pr.repo });
      await expect(sim.sendWebhook({ name: "issue_comment", payload: command })).rejects.toThrow();

      // The evaluation's opening read (the first GraphQL query) is slow: the evaluation is still
      // running when the recovered `/promote` is enqueued, and the other replica's workers are free.
      sim.fail({ path: "/graphql", delayMs: 2000 });
      await replica({ prefix });
      await replica({ prefix, port, recover: true });
      await settled(
        () => deploymentsOf(pr.repo).length > 0 || replyTo(pr.repo, promote.id) !== null,
        "the promote",
      );

      expect(checkRunsOf(pr.repo, pr.pull.head.sha).map((c) => c.conclusion)).toEqual(["success"]);
      expect(replyTo(pr.repo, promote.id)).toBeNull();
      expect(reactionsOn(pr.repo, promote.id)).toContain("rocket");
      expect(deploymentsOf(pr.repo).map((d) => [d.environment, d.sha])).toEqual([
        ["fraud-shadow", pr.pull.head.sha],
      ]);
      const attempts = sim.state.hookDeliveries.all.map((d) => [d.event, d.statusCode, d.redelivery]);
      expect(attempts).toEqual([
        ["pull_request", 0, false],
        ["issue_comment", 0, false],
        ["pull_request", 202, true],
        ["issue_comment", 202, true],
      ]);
    }, 90_000);

    it("a re-run asked on one replica while the other evaluates that head runs after it, under the new policy", async () => {
      const prefix = newPrefix();
      const one = await replica({ prefix });
      const two = await replica({ prefix });
      const pr = openPull("rerun");
      const sha = pr.pull.head.sha;
      // The evaluation's check run is created on arrival and answered 2 s late: the check is there
      // (the first evaluation read the old policy) while its job still runs when the re-run is asked.
      sim.fail({ method: "POST", path: /\/check-runs$/, delayMs: 2000 });
      sim.reset();
      const opened = sim.payloads.pullRequest({ action: "opened", number: 1, repo: pr.repo });
      expect(
        await sim.sendWebhook({ name: "pull_request", payload: opened, url: one.webhookUrl, secret: SECRET }),
      ).toBe(202);
      await settledOn(() => checkRunsOf(pr.repo, sha).length === 1, "the first evaluation's check");
      pr.repo.commit(
        {
          ...Object.fromEntries(pr.repo.resolveRef("main")?.tree ?? []),
          ".github/modelgate.yml":
            "version: 1\ngates:\n  evaluation:\n    metrics:\n      - { name: auc, direction: higher, min: 0.95 }\n",
        },
        "main",
        "stricter policy",
      );
      const rerun = sim.payloads.checkSuite({ action: "rerequested", sha, repo: pr.repo });
      expect(
        await sim.sendWebhook({ name: "check_suite", payload: rerun, url: two.webhookUrl, secret: SECRET }),
      ).toBe(202);

      await settled(() => checkRunsOf(pr.repo, sha).length >= 2, "the re-run's check");
      const runs = checkRunsOf(pr.repo, sha).sort((a, b) => a.id - b.id);
      // The first evaluation under the old policy, then the re-run under the new one: not dropped.
      expect(runs.map((r) => r.conclusion)).toEqual(["success", "failure"]);
      expect(runs[1]?.output.annotations.map((a) => a.title)).toEqual(["eval.below-min"]);
    }, 90_000);
  });

async function settledOn(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300 && !ok(); i++) await sleep(50);
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}
