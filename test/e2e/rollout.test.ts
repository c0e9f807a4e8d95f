import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRunsOf, type E2E, sendPullRequest, startE2E } from "./harness.ts";
import {
  cdReports,
  comment,
  deploymentsOf,
  HOUR,
  openRolloutPr,
  reactionsOn,
  replyTo,
  trackerOf,
} from "./rollout-harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

const openPr = (prefix: string, policy = "") =>
  openRolloutPr(e2e.sim, prefix, { policy, people: { alice: ["write", "maintain"], dave: ["write"] } });

describe("rollout over HTTP with the simulator", () => {
  it("a maintainer takes a model from shadow to production with comments alone", async () => {
    const { repo, pull } = await openPr("rollout");
    const { sim } = e2e;
    expect(checkRunsOf(repo, pull.head.sha)[0]?.conclusion).toBe("success");
    expect(trackerOf(repo, "fraud")).toBe("- **fraud** `1.0.1`: shadow ○ → canary ○ → production ○");

    const first = await comment(sim, repo, "alice", "/promote");
    expect(reactionsOn(repo, first.commentId)).toEqual(["eyes", "rocket"]);
    const [shadow] = deploymentsOf(repo);
    expect(shadow).toMatchObject({
      environment: "fraud-shadow",
      sha: pull.head.sha,
      productionEnvironment: false,
    });
    expect(shadow?.payload).toEqual({
      modelgate: 1,
      model: "fraud",
      version: "1.0.1",
      stage: "shadow",
      traffic: 0,
      pr: 1,
      actor: "alice",
      comment_id: first.commentId,
      kind: "promote",
    });
    const request = sim.writes().find((w) => w.method === "POST" && w.path.endsWith("/deployments"));
    expect(request?.body).toMatchObject({ ref: pull.head.sha, auto_merge: false, required_contexts: [] });

    await cdReports(sim, repo, shadow, "success");
    expect(trackerOf(repo, "fraud")).toBe(
      "- **fraud** `1.0.1`: shadow ⏳ soaking, 1 d left → canary ○ → production ○",
    );

    const early = await comment(sim, repo, "alice", "/promote");
    expect(replyTo(repo, early.commentId)).toContain("shadow has soaked 0 s of 24 h; try again after");
    expect(deploymentsOf(repo)).toHaveLength(1);

    sim.advance(25 * HOUR);
    await comment(sim, repo, "alice", "/promote");
    await cdReports(sim, repo, deploymentsOf(repo)[1], "success");
    sim.advance(73 * HOUR);
    await comment(sim, repo, "alice", "/promote");
    const production = deploymentsOf(repo)[2];
    expect(production).toMatchObject({ environment: "fraud-production", productionEnvironment: true });
    await cdReports(sim, repo, production, "success");
    expect(trackerOf(repo, "fraud")).toMatch(/shadow ✅ .* → canary ✅ .* → production ✅ \(.*, @alice\)$/);
    expect(deploymentsOf(repo)).toHaveLength(3);
  });

  it("an unauthorized user deploys nothing, and is told why", async () => {
    const { repo } = await openPr("unauthorized");
    const { commentId } = await comment(e2e.sim, repo, "mallory", "/promote shadow");
    expect(deploymentsOf(repo)).toEqual([]);
    expect(reactionsOn(repo, commentId)).toEqual(["eyes"]);
    expect(replyTo(repo, commentId)).toContain(
      "@mallory needs write permission on this repository (has read)",
    );
    // production needs maintain: write is not enough.
    const second = await comment(e2e.sim, repo, "dave", "/promote production");
    expect(replyTo(repo, second.commentId)).toContain("@dave needs maintain permission");
  });

  it("an edited comment is never executed; a redelivered one deploys once", async () => {
    const { repo } = await openPr("redelivery");
    const { sim } = e2e;
    const c = repo.addComment(1, "hello", "alice");
    const previous = repo.editComment(c.id, "/promote");
    await sim.sendWebhook({
      name: "issue_comment",
      payload: sim.payloads.issueComment({ action: "edited", commentId: c.id, previousBody: previous, repo }),
    });
    expect(deploymentsOf(repo)).toEqual([]);

    const created = repo.addComment(1, "/promote", "alice");
    const payload = sim.payloads.issueComment({ action: "created", commentId: created.id, repo });
    await sim.sendWebhook({ name: "issue_comment", payload, id: "delivery-1" });
    await sim.sendWebhook({ name: "issue_comment", payload, id: "delivery-1" });
    expect(deploymentsOf(repo)).toHaveLength(1);
  });

  it("/override passes a failing gate for the head, visibly; a new push voids it", async () => {
    const policy = "gates:\n  evaluation:\n    metrics: [{ name: auc, direction: higher, min: 0.95 }]\n";
    const { repo, pull } = await openPr("override", policy);
    const { sim } = e2e;
    expect(checkRunsOf(repo, pull.head.sha).at(-1)?.conclusion).toBe("failure");

    const refused = await comment(sim, repo, "alice", "/promote");
    expect(replyTo(repo, refused.commentId)).toContain("the modelgate check is `failure`");

    await comment(sim, repo, "alice", '/override evaluation "AUC floor waived for the pilot"');
    const run = checkRunsOf(repo, pull.head.sha).at(-1);
    expect(run?.conclusion).toBe("success");
    expect(run?.output.summary).toContain("overridden by @alice: AUC floor waived for the pilot");
    const sticky = [...repo.comments.values()].find((c) => c.body.includes("<!-- modelgate:sticky -->"));
    expect(sticky?.body).toContain("overridden by @alice");

    await comment(sim, repo, "alice", "/promote");
    expect(deploymentsOf(repo)).toHaveLength(1);

    const sha = repo.pushCommit(1, { "models/fraud/NOTES.md": "retrained\n" });
    await sendPullRequest(sim, { repo, pull }, "synchronize");
    expect(checkRunsOf(repo, sha).at(-1)?.conclusion).toBe("failure");
  });

  it("/hold blocks promotions until /unhold", async () => {
    const { repo } = await openPr("hold");
    await comment(e2e.sim, repo, "dave", '/hold "risk review"');
    expect(repo.issueLabels.get(1)).toEqual(["modelgate: hold"]);
    const blocked = await comment(e2e.sim, repo, "dave", "/promote");
    expect(replyTo(repo, blocked.commentId)).toContain("the PR is on hold");
    await comment(e2e.sim, repo, "dave", "/unhold\n/promote");
    expect(repo.issueLabels.get(1)).toEqual([]);
    expect(deploymentsOf(repo)).toHaveLength(1);
  });

  it("a failed canary is rolled back automatically with auto_rollback", async () => {
    const policy =
      "rollout:\n  auto_rollback: true\n  stages: [{ name: shadow, traffic: 0 }, { name: canary, traffic: 5 }]\n";
    const { repo, pull } = await openPr("autorollback", policy);
    const { sim } = e2e;
    // canary ran the base version before this PR.
    repo.deployments.clear();
    const { createDeployment } = await import("../../src/sim/deployment-store.ts");
    const before = createDeployment(repo, {
      ref: pull.base.sha,
      environment: "fraud-canary",
      requiredContexts: [],
      creator: { login: "deployer", type: "User" },
    });
    if (!before.ok) throw new Error(before.message);
    await cdReports(sim, repo, before.value, "success");

    await comment(sim, repo, "alice", "/promote shadow");
    await cdReports(sim, repo, deploymentsOf(repo).at(-1), "success");
    await comment(sim, repo, "alice", "/promote canary");
    await cdReports(sim, repo, deploymentsOf(repo).at(-1), "success");
    await cdReports(sim, repo, deploymentsOf(repo).at(-1), "failure");

    const rollback = deploymentsOf(repo).at(-1);
    expect(rollback).toMatchObject({ environment: "fraud-canary", sha: pull.base.sha });
    expect(rollback?.payload).toMatchObject({ kind: "rollback", stage: "canary", comment_id: null });
    expect(trackerOf(repo, "fraud")).toContain("canary ↩️ rolled back");
  });
});
