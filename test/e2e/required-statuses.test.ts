import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimRepo } from "../../src/sim/sim-repo.ts";
import { type E2E, type RepoWithPull, requestLines, startE2E } from "./harness.ts";
import { comment, deploymentsOf, openRolloutPr, reactionsOn, replyTo } from "./rollout-harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

const openPr = (prefix: string, requireChecks: string[]): Promise<RepoWithPull> =>
  openRolloutPr(e2e.sim, prefix, {
    policy: `rollout:\n  stages: [{ name: shadow, traffic: 0, require_checks: [${requireChecks.join(", ")}] }]\n`,
    people: { alice: ["write", "maintain"] },
  });

/** What a CI that reports commit statuses does: `POST /repos/{o}/{r}/statuses/{sha}` over HTTP. */
async function ciReports(repo: SimRepo, sha: string, context: string, state: string): Promise<void> {
  const response = await fetch(`${e2e.sim.apiUrl}/repos/${repo.fullName}/statuses/${sha}`, {
    method: "POST",
    headers: { authorization: "token ci-token", "content-type": "application/json" },
    body: JSON.stringify({ state, context, description: `${context} ${state}` }),
  });
  expect(response.status).toBe(201);
}

describe("require_checks counts commit statuses, not only check runs", () => {
  it("/promote is refused while a required status is pending, then failing; accepted once it succeeds", async () => {
    const { repo, pull } = await openPr("status-ci", ["ci/jenkins"]);
    const sha = pull.head.sha;
    const short = sha.slice(0, 7);

    const none = await comment(e2e.sim, repo, "alice", "/promote");
    expect(replyTo(repo, none.commentId)).toContain(
      `the required check \`ci/jenkins\` has not run on ${short}`,
    );

    await ciReports(repo, sha, "ci/jenkins", "pending");
    const pending = await comment(e2e.sim, repo, "alice", "/promote");
    expect(replyTo(repo, pending.commentId)).toContain(
      `the required check \`ci/jenkins\` is still running on ${short}: shadow needs it successful.`,
    );

    await ciReports(repo, sha, "ci/jenkins", "failure");
    const failing = await comment(e2e.sim, repo, "alice", "/promote");
    expect(replyTo(repo, failing.commentId)).toContain(
      `the required check \`ci/jenkins\` is \`failure\` on ${short}`,
    );
    expect(deploymentsOf(repo)).toEqual([]);

    await ciReports(repo, sha, "ci/jenkins", "success");
    e2e.sim.reset();
    const green = await comment(e2e.sim, repo, "alice", "/promote");
    expect(replyTo(repo, green.commentId)).toBeNull();
    expect(reactionsOn(repo, green.commentId)).toEqual(["eyes", "rocket"]);
    expect(deploymentsOf(repo).map((d) => [d.environment, d.sha])).toEqual([["fraud-shadow", sha]]);
    // One read of the combined status for the whole stage.
    expect(requestLines(e2e.sim).filter((l) => l.endsWith("/status"))).toEqual([
      `GET /repos/${repo.fullName}/commits/${sha}/status`,
    ]);
  });

  it("a passing check run does not hide a failing commit status of the same name", async () => {
    const { repo, pull } = await openPr("status-both", ["build"]);
    const sha = pull.head.sha;
    // Another CI app's check run, successful.
    repo.addCheckRun({ name: "build", headSha: sha, conclusion: "success", appId: 999 });
    await ciReports(repo, sha, "build", "error");
    const blocked = await comment(e2e.sim, repo, "alice", "/promote");
    expect(replyTo(repo, blocked.commentId)).toContain("the required check `build` is `error`");
    await ciReports(repo, sha, "build", "success");
    await comment(e2e.sim, repo, "alice", "/promote");
    expect(deploymentsOf(repo)).toHaveLength(1);
  });

  it("a stage without require_checks reads no commit status", async () => {
    const { repo } = await openPr("status-none", []);
    e2e.sim.reset();
    await comment(e2e.sim, repo, "alice", "/promote");
    expect(deploymentsOf(repo)).toHaveLength(1);
    expect(requestLines(e2e.sim).some((l) => l.endsWith("/status"))).toBe(false);
  });

  it("the deployment protection rule reads the same statuses: rejected while failing, approved once green", async () => {
    const { repo, pull } = await openPr("status-protect", ["ci/jenkins"]);
    const sha = pull.head.sha;
    e2e.sim.protectEnvironment("fraud-shadow", repo);
    await ciReports(repo, sha, "ci/jenkins", "failure");
    const reviewOf = async () => {
      const job = e2e.sim.startDeploymentJob(
        { environment: "fraud-shadow", sha, event: "workflow_dispatch" },
        repo,
      );
      expect(await e2e.sim.sendWebhook({ name: "deployment_protection_rule", payload: job.payload })).toBe(
        200,
      );
      const path = `/repos/${repo.fullName}/actions/runs/${job.run.id}/deployment_protection_rule`;
      return e2e.sim.writes().find((w) => w.method === "POST" && w.path === path)?.body as
        | { state: string; comment: string }
        | undefined;
    };
    const rejected = await reviewOf();
    expect(rejected?.state).toBe("rejected");
    expect(rejected?.comment).toContain("the required check `ci/jenkins` is `failure`");
    await ciReports(repo, sha, "ci/jenkins", "success");
    expect((await reviewOf())?.state).toBe("approved");
  });
});
