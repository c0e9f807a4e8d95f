import { afterAll, beforeAll, expect, it } from "vitest";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, commentsOf, type E2E, repoWithPull, sendPullRequest, startE2E } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  // Retries off: Octokit would retry a 500 with back-off, which is right in production but is
  // not what this test is about (what happens when GitHub keeps failing).
  e2e = await startE2E({ retries: false });
});
afterAll(() => e2e.close());

it("a 500 on the opening query (files, policy, state) ends in a failing check that says to re-run, never in silence", async () => {
  const pr = repoWithPull(e2e.sim, "server-error", {
    base: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.9 }) },
    head: { ...README, ...modelFiles({ name: "m0", version: "1.1.0", auc: 0.91 }) },
  });
  e2e.sim.fail({ method: "POST", path: "/graphql", status: 500 });
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr, "opened", "delivery-500")).toBe(200);

  const runs = checkRunsOf(pr.repo);
  expect(runs.map((r) => [r.headSha, r.name, r.conclusion, r.output.title])).toEqual([
    [pr.pull.head.sha, "modelgate", "failure", "modelgate could not evaluate this pull request"],
  ]);
  expect(runs[0]?.output.summary).toMatch(/^GitHub had an internal error \(500\).*Re-run the check/);
  expect(commentsOf(pr.repo)).toEqual([]);
  const logged = e2e.logs.find((l) => l.msg === "evaluation failed");
  expect(logged?.delivery).toBe("delivery-500");
  expect(logged?.err?.status).toBe(500);
});

// Branch protection requires the check by its configured name: a failure posted under another
// name would leave the required one pending forever, with no explanation where people look.
it("the failing check carries the policy's check name", async () => {
  const policy = { ".github/modelgate.yml": "version: 1\nchecks: { name: model-release }\n" };
  const pr = repoWithPull(e2e.sim, "server-error-named", {
    base: { ...README, ...policy, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.9 }) },
    head: { ...README, ...policy, ...modelFiles({ name: "m0", version: "1.1.0", auc: 0.91 }) },
  });
  e2e.sim.fail({ method: "POST", path: "/graphql", status: 502 });
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  expect(checkRunsOf(pr.repo).map((r) => [r.name, r.conclusion])).toEqual([["model-release", "failure"]]);
});
