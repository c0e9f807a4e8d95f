import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisLock } from "../../src/github/commands/redis-lock.ts";
import { modelgateWithLock } from "../../src/index.ts";
import { type LocalApp, startLocalApp } from "../../src/local/start-local-app.ts";
import { createSimulator, type GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { repoWithPull } from "./harness.ts";
import { REDIS_URL, redisReachable, skipNote } from "./redis-harness.ts";
import { deploymentsOf, replyTo } from "./rollout-harness.ts";

/**
 * SPEC §4.4: a GitHub that answers slowly inside the lock. In production a 35 s answer under a
 * 30 s lease; here scaled down so that nothing waits 35 s: a 300 ms lease and a 3 s answer to the
 * lock holder's first read of the deployments (long enough that the other replica's back-off,
 * at most about a second, sees the lease lapse when it is not renewed). Two replicas, one Redis,
 * two different /promote comments for the same stage: exactly one deployment either way.
 */
const reachable = await redisReachable(REDIS_URL);
if (!reachable) console.warn(skipNote("slow-github-lock"));

const TTL_MS = 300;
const SLOW_MS = 3000;

async function twoReplicas(sim: GitHubSimulator, renewEveryMs: number | undefined) {
  const replicas: Array<{ app: LocalApp; lock: RedisLock }> = [];
  for (let i = 0; i < 2; i++) {
    const lock = new RedisLock(REDIS_URL, {
      ttlMs: TTL_MS,
      ...(renewEveryMs === undefined ? {} : { renewEveryMs }),
    });
    const app = await startLocalApp({
      apiUrl: sim.apiUrl,
      appFn: (p: Probot) => modelgateWithLock(p, lock),
      logLevel: "fatal",
    });
    replicas.push({ app, lock });
  }
  return replicas;
}

async function race(sim: GitHubSimulator, prefix: string, replicas: Array<{ app: LocalApp }>) {
  const base = { ...README, ...modelFiles({ name: "fraud", version: "1.0.0", auc: 0.9 }) };
  const head = { ...README, ...modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 }) };
  const pr = repoWithPull(sim, prefix, { base, head });
  pr.repo.setPermission("alice", "write", "maintain");
  const [one, two] = replicas;
  if (!one || !two) throw new Error("replicas did not start");
  await sim.sendWebhook({
    name: "pull_request",
    payload: sim.payloads.pullRequest({ action: "opened", number: 1, repo: pr.repo }),
    url: one.app.webhookUrl,
    secret: one.app.secret,
  });
  // Whichever replica takes the lock first reads the deployments first, and waits for the answer:
  // the deployments as they were when it asked, delivered SLOW_MS later.
  sim.fail({
    method: "GET",
    path: /\/deployments\?environment=fraud-shadow&per_page=20$/,
    delayMs: SLOW_MS,
    afterHandling: true,
  });
  const comments = [one, two].map(() => pr.repo.addComment(1, "/promote shadow", "alice"));
  const statuses = await Promise.all(
    [one, two].map((r, i) =>
      sim.sendWebhook({
        name: "issue_comment",
        payload: sim.payloads.issueComment({
          action: "created",
          commentId: comments[i]?.id ?? 0,
          repo: pr.repo,
        }),
        url: r.app.webhookUrl,
        secret: r.app.secret,
      }),
    ),
  );
  expect(statuses).toEqual([200, 200]);
  const replies = comments.map((c) => replyTo(pr.repo, c.id)).filter((r) => r !== null);
  return { deployments: deploymentsOf(pr.repo), replies };
}

describe.skipIf(!reachable)("a slow GitHub inside the Redis lock, two replicas", () => {
  let sim: GitHubSimulator;
  beforeAll(async () => {
    sim = await createSimulator();
  });
  afterAll(() => sim.close());

  it("the lease is renewed while held: the other replica waits, then finds shadow deploying", async () => {
    const replicas = await twoReplicas(sim, undefined);
    try {
      const { deployments, replies } = await race(sim, "slow-renewed", replicas);
      expect(deployments).toHaveLength(1);
      expect(replies).toHaveLength(1);
      expect(replies[0]).not.toContain("while this command ran");
    } finally {
      for (const r of replicas) {
        await r.app.stop();
        await r.lock.close();
      }
    }
  });

  it("a lease lost anyway (renewal off): the fencing re-read deploys nothing a second time", async () => {
    const replicas = await twoReplicas(sim, 0);
    try {
      const { deployments, replies } = await race(sim, "slow-fenced", replicas);
      expect(deployments).toHaveLength(1);
      expect(replies).toHaveLength(1);
      expect(replies[0]).toContain(
        "another deployment to fraud-shadow was made while this command ran; nothing was deployed. Try again.",
      );
    } finally {
      for (const r of replicas) {
        await r.app.stop();
        await r.lock.close();
      }
    }
  });
});
