import type { Probot } from "probot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RedisLock } from "../../src/github/commands/redis-lock.ts";
import { modelgateWithLock } from "../../src/index.ts";
import { type LocalApp, startLocalApp } from "../../src/local/start-local-app.ts";
import { createSimulator, type GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { repoWithPull } from "./harness.ts";
import { REDIS_URL, redisReachable, skipNote } from "./redis-harness.ts";
import { deploymentsOf } from "./rollout-harness.ts";

const reachable = await redisReachable(REDIS_URL);
if (!reachable) console.warn(skipNote("rollout-redis"));

describe.skipIf(!reachable)("two replicas behind one Redis", () => {
  let sim: GitHubSimulator;
  const replicas: Array<{ app: LocalApp; lock: RedisLock }> = [];

  beforeAll(async () => {
    sim = await createSimulator();
    for (let i = 0; i < 2; i++) {
      // Each replica has its own connection, as two processes would.
      const lock = new RedisLock(REDIS_URL);
      const app = await startLocalApp({
        apiUrl: sim.apiUrl,
        appFn: (p: Probot) => modelgateWithLock(p, lock),
        logLevel: "fatal",
      });
      replicas.push({ app, lock });
    }
  });
  afterAll(async () => {
    for (const r of replicas) {
      await r.app.stop();
      await r.lock.close();
    }
    await sim.close();
  });

  it("the same /promote fired at both creates exactly one deployment", async () => {
    const base = { ...README, ...modelFiles({ name: "fraud", version: "1.0.0", auc: 0.9 }) };
    const head = { ...README, ...modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 }) };
    const pr = repoWithPull(sim, "replicas", { base, head });
    pr.repo.setPermission("alice", "write", "maintain");
    const [one, two] = replicas;
    if (!one || !two) throw new Error("replicas did not start");
    await sim.sendWebhook({
      name: "pull_request",
      payload: sim.payloads.pullRequest({ action: "opened", number: 1, repo: pr.repo }),
      url: one.app.webhookUrl,
      secret: one.app.secret,
    });

    for (let round = 0; round < 5; round++) {
      const c = pr.repo.addComment(1, "/promote shadow", "alice");
      const payload = sim.payloads.issueComment({ action: "created", commentId: c.id, repo: pr.repo });
      const statuses = await Promise.all(
        [one, two].map((r) =>
          sim.sendWebhook({ name: "issue_comment", payload, url: r.app.webhookUrl, secret: r.app.secret }),
        ),
      );
      expect(statuses).toEqual([200, 200]);
      // The first round deploys; later rounds find shadow already deploying this head.
      expect(deploymentsOf(pr.repo)).toHaveLength(1);
    }
  });
});
