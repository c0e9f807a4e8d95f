import { afterAll, beforeAll, expect, it } from "vitest";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, commentsOf, type E2E, repoWithPull, startE2E } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

// GitHub sends pull_request.opened and check_suite.requested for the same push at the same time:
// two evaluations of one PR must not both create the sticky comment.
it("two events for one PR at once make one sticky comment", async () => {
  const pr = repoWithPull(e2e.sim, "burst", {
    base: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.9 }) },
    head: { ...README, ...modelFiles({ name: "m0", version: "1.1.0", auc: 0.91 }) },
  });
  // Latency on every answer, so the two evaluations overlap as they do against GitHub.
  e2e.sim.fail({ path: /./, delayMs: 50, times: Number.POSITIVE_INFINITY });
  try {
    const opened = e2e.sim.payloads.pullRequest({ action: "opened", number: pr.pull.number, repo: pr.repo });
    const suite = e2e.sim.payloads.checkSuite({ action: "requested", sha: pr.pull.head.sha, repo: pr.repo });
    const statuses = await Promise.all([
      e2e.sim.sendWebhook({ name: "pull_request", payload: opened }),
      e2e.sim.sendWebhook({ name: "check_suite", payload: suite }),
    ]);
    expect(statuses).toEqual([200, 200]);
  } finally {
    e2e.sim.clearFaults();
  }
  const stickies = commentsOf(pr.repo).filter((c) => c.body.includes("<!-- modelgate:sticky -->"));
  expect(stickies).toHaveLength(1);
  expect(checkRunsOf(pr.repo)).toHaveLength(1);
});
