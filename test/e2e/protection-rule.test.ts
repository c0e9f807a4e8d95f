import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimRepo } from "../../src/sim/sim-repo.ts";
import type { WorkflowRun } from "../../src/sim/sim-types.ts";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { type E2E, repoWithPull, sendPullRequest, startE2E } from "./harness.ts";
import { cdReports, comment, deploymentsOf, HOUR } from "./rollout-harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

const base = { ...README, ...modelFiles({ name: "fraud", version: "1.0.0", auc: 0.9 }) };
const head = { ...README, ...modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 }) };
const ENVIRONMENTS = ["fraud-shadow", "fraud-canary", "fraud-production"];

/** A repository with PR #1 evaluated, whose model environments have modelgate as a protection rule. */
async function protectedPr(prefix: string, policy = "") {
  const policyFile = policy ? { ".github/modelgate.yml": policy } : {};
  const pr = repoWithPull(e2e.sim, prefix, {
    base: { ...base, ...policyFile },
    head: { ...head, ...policyFile },
  });
  pr.repo.setPermission("alice", "write", "maintain");
  for (const env of ENVIRONMENTS) e2e.sim.protectEnvironment(env, pr.repo);
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  return pr;
}

/** A job deploying `sha` to `environment` starts and waits; GitHub delivers the request to the App. */
async function jobWaits(
  repo: SimRepo,
  environment: string,
  sha: string,
  event = "workflow_dispatch",
  id?: string,
) {
  const job = e2e.sim.startDeploymentJob({ environment, sha, event }, repo);
  const delivery = { name: "deployment_protection_rule", payload: job.payload, ...(id ? { id } : {}) };
  return { ...job, delivery, status: await e2e.sim.sendWebhook(delivery) };
}

/** The App's answers to this run, as GitHub received them. */
function reviewsOf(run: WorkflowRun): Array<{ environment_name: string; state: string; comment: string }> {
  return e2e.sim
    .writes()
    .filter((w) => w.method === "POST" && w.path === reviewPath(run))
    .map((w) => w.body as { environment_name: string; state: string; comment: string });
}

const reviewPath = (run: WorkflowRun): string =>
  `/repos/${[...e2e.sim.state.repos.values()].find((r) => r.workflowRuns.has(run.id))?.fullName}/actions/runs/${run.id}/deployment_protection_rule`;

describe("modelgate as a deployment protection rule, over HTTP with the simulator", () => {
  it("approves the CD's jobs for accepted /promote commands: shadow, then canary after the soak", async () => {
    const { repo, pull } = await protectedPr("protect-approve");
    const { sim } = e2e;
    await comment(sim, repo, "alice", "/promote");
    const [shadow] = deploymentsOf(repo);
    // The CD workflow runs on the `deployment` event; its job targets the environment and waits.
    const first = await jobWaits(repo, "fraud-shadow", pull.head.sha, "deployment");
    expect(first.status).toBe(200);
    expect(reviewsOf(first.run)).toEqual([
      {
        environment_name: "fraud-shadow",
        state: "approved",
        comment: expect.stringContaining("modelgate approved** fraud at"),
      },
    ]);
    expect(first.run.status).toBe("in_progress");
    await cdReports(sim, repo, shadow, "success");

    sim.advance(25 * HOUR);
    await comment(sim, repo, "alice", "/promote canary");
    const canary = deploymentsOf(repo).find(
      (d) => d.environment === "fraud-canary" && d.creator.type === "Bot",
    );
    expect(canary?.payload).toMatchObject({ kind: "promote", stage: "canary" });
    const second = await jobWaits(repo, "fraud-canary", pull.head.sha, "deployment");
    expect(reviewsOf(second.run).map((r) => [r.environment_name, r.state])).toEqual([
      ["fraud-canary", "approved"],
    ]);
    expect(second.run.status).toBe("in_progress");
  });

  it("rejects a hand-run deploy of a commit whose modelgate check fails, and says what would pass it", async () => {
    const policy = "gates:\n  evaluation:\n    metrics: [{ name: auc, direction: higher, min: 0.95 }]\n";
    const { repo, pull } = await protectedPr("protect-failing", policy);
    const job = await jobWaits(repo, "fraud-shadow", pull.head.sha);
    const [review] = reviewsOf(job.run);
    expect(review?.state).toBe("rejected");
    expect(review?.comment).toContain("❌ **modelgate rejected** fraud at");
    expect(review?.comment).toContain("the modelgate check is `failure`");
    expect(review?.comment).toContain("override GATE REASON");
    expect(job.run).toMatchObject({ status: "completed", conclusion: "failure" });
  });

  it("rejects canary while shadow soaks, with the time left", async () => {
    const { repo, pull } = await protectedPr("protect-soak");
    const { sim } = e2e;
    await comment(sim, repo, "alice", "/promote shadow");
    await cdReports(sim, repo, deploymentsOf(repo)[0], "success");
    const liveAt = sim.now();
    sim.advance(5 * HOUR);
    const job = await jobWaits(repo, "fraud-canary", pull.head.sha);
    const [review] = reviewsOf(job.run);
    expect(review?.state).toBe("rejected");
    const after = new Date(liveAt + 24 * HOUR).toISOString().slice(0, 16).replace("T", " ");
    expect(review?.comment).toContain(`shadow has soaked 5 h of 24 h; try again after ${after}`);
  });

  it("rejects an environment that names no model's stage", async () => {
    const { repo, pull } = await protectedPr("protect-unknown");
    e2e.sim.protectEnvironment("staging", repo);
    const job = await jobWaits(repo, "staging", pull.head.sha);
    expect(reviewsOf(job.run)).toEqual([
      {
        environment_name: "staging",
        state: "rejected",
        comment: expect.stringContaining(
          "`staging` is not a model's environment: rollout.environment is `{model}-{stage}` with stages shadow, canary, production.",
        ),
      },
    ]);
  });

  it("rejects a PR on hold", async () => {
    const { repo, pull } = await protectedPr("protect-hold");
    await comment(e2e.sim, repo, "alice", '/hold "risk review"');
    const job = await jobWaits(repo, "fraud-shadow", pull.head.sha);
    const [review] = reviewsOf(job.run);
    expect(review?.state).toBe("rejected");
    expect(review?.comment).toContain("the PR is on hold");
    expect(review?.comment).toContain("/unhold");
  });

  it("decides a redelivered request once: exactly one answer to GitHub", async () => {
    const { repo, pull } = await protectedPr("protect-redelivery");
    const { sim } = e2e;
    const job = await jobWaits(repo, "fraud-shadow", pull.head.sha, "workflow_dispatch", "delivery-7");
    // GitHub's "Redeliver", twice at once, then once more later: the same guid and payload.
    const again = await Promise.all([sim.sendWebhook(job.delivery), sim.sendWebhook(job.delivery)]);
    expect(again).toEqual([200, 200]);
    expect(await sim.sendWebhook(job.delivery)).toBe(200);
    expect(reviewsOf(job.run)).toHaveLength(1);
    expect(reviewsOf(job.run)[0]?.state).toBe("approved");
  });

  it("rejects, with the reason, when it cannot decide (GitHub fails a read)", async () => {
    const { repo, pull } = await protectedPr("protect-error");
    const { sim } = e2e;
    sim.fail({
      method: "GET",
      path: new RegExp(`/repos/${repo.fullName}/commits/[0-9a-f]+/check-runs`),
      status: 500,
    });
    const job = await jobWaits(repo, "fraud-shadow", pull.head.sha);
    sim.clearFaults();
    const [review] = reviewsOf(job.run);
    expect(review?.state).toBe("rejected");
    expect(review?.comment).toContain(
      "modelgate could not decide, so nothing is approved: GitHub answered 500 (Server Error",
    );
    expect(job.run.status).toBe("completed");
  });
});
