import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeployment, createDeploymentStatus } from "../../src/sim/deployment-store.ts";
import type { GitHubSimulator } from "../../src/sim/github-simulator.ts";
import type { SimRepo } from "../../src/sim/sim-repo.ts";
import type { Deployment } from "../../src/sim/sim-types.ts";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { type E2E, repoWithPull, sendPullRequest, startE2E } from "./harness.ts";
import { cdReports, comment, deploymentsOf, HOUR, replyTo, trackerOf } from "./rollout-harness.ts";

/**
 * A deploy workflow whose job names `environment:` makes GitHub create a deployment of its own
 * for the job, and its success marks modelgate's deployment in that environment inactive
 * (auto_inactive). modelgate must read that as the same rollout, not as the stage taken down.
 */

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

const ACTIONS = { login: "github-actions[bot]", type: "Bot" as const };

/** The workflow job's own deployment of `of`'s commit, and its success, as GitHub records them. */
async function cdJobDeploys(
  sim: GitHubSimulator,
  repo: SimRepo,
  of: Deployment | undefined,
): Promise<Deployment> {
  if (of === undefined) throw new Error("no deployment for the CD to run");
  const created = createDeployment(repo, {
    ref: of.sha,
    environment: of.environment,
    creator: ACTIONS,
    requiredContexts: [],
  });
  if (!created.ok) throw new Error(created.message);
  createDeploymentStatus(repo, created.value, { state: "in_progress", creator: ACTIONS });
  createDeploymentStatus(repo, created.value, { state: "success", creator: ACTIONS });
  await sim.sendWebhook({
    name: "deployment_status",
    payload: sim.payloads.deploymentStatus({ deploymentId: created.value.id, repo }),
  });
  return created.value;
}

describe("a CD job's own deployment does not take modelgate's stage down", () => {
  it("canary stays live and soaks under the job's deployment, and production may follow", async () => {
    const { sim } = e2e;
    const { repo, pull } = repoWithPull(sim, "cd-record", {
      base: { ...README, ...modelFiles({ name: "fraud", version: "1.0.0", auc: 0.9 }) },
      head: { ...README, ...modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 }) },
    });
    repo.setPermission("alice", "write", "maintain");
    expect(await sendPullRequest(sim, { repo, pull })).toBe(200);

    await comment(sim, repo, "alice", "/promote");
    await cdReports(sim, repo, deploymentsOf(repo)[0], "success");
    sim.advance(25 * HOUR);
    await comment(sim, repo, "alice", "/promote");
    const canary = deploymentsOf(repo)[1];
    expect(canary?.environment).toBe("fraud-canary");
    await cdReports(sim, repo, canary, "success");

    const job = await cdJobDeploys(sim, repo, canary);
    expect(repo.statusesOf(canary?.id ?? 0)[0]?.state).toBe("inactive");
    expect(job.sha).toBe(pull.head.sha);
    expect(trackerOf(repo, "fraud")).toMatch(/→ canary ⏳ soaking, 3 d left → production ○$/);

    sim.advance(73 * HOUR);
    const go = await comment(sim, repo, "alice", "/promote");
    expect(replyTo(repo, go.commentId)).toBeNull();
    const production = deploymentsOf(repo).filter((d) => d.creator.login !== ACTIONS.login)[2];
    expect(production).toMatchObject({ environment: "fraud-production", sha: pull.head.sha });
  });
});
