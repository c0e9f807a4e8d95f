import { afterAll, beforeAll, expect, it } from "vitest";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, commentsOf, type E2E, repoWithPull, sendPullRequest, startE2E } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  // Octokit's retry and throttling plugins on, as in production: the point is that they do not retry.
  e2e = await startE2E({ retries: true });
});
afterAll(() => e2e.close());

// A missing permission will not fix itself: retrying only delays the explanation.
it("403 'Resource not accessible by integration' is logged, not retried, and explained in a failing check", async () => {
  const pr = repoWithPull(e2e.sim, "forbidden", {
    base: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.9 }) },
    head: { ...README, ...modelFiles({ name: "m0", version: "1.1.0", auc: 0.91 }) },
  });
  e2e.sim.fail({ method: "POST", path: /\/check-runs$/, status: 403 });
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr, "opened", "delivery-403")).toBe(200);

  const creates = e2e.sim.requests.filter((r) => r.method === "POST" && r.path.endsWith("/check-runs"));
  expect(creates.map((r) => r.status)).toEqual([403, 201]);
  const runs = checkRunsOf(pr.repo);
  expect(runs.map((r) => [r.name, r.conclusion, r.output.title])).toEqual([
    ["modelgate", "failure", "modelgate could not evaluate this pull request"],
  ]);
  expect(runs[0]?.output.summary).toContain("Resource not accessible by integration");
  expect(runs[0]?.output.summary).toContain("checks: write");
  expect(commentsOf(pr.repo)).toEqual([]);
  const logged = e2e.logs.find((l) => l.msg === "evaluation failed");
  expect(logged?.level).toBe(50);
  expect(logged?.delivery).toBe("delivery-403");
  expect(logged?.err?.status).toBe(403);
});
