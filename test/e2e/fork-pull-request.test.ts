import { afterAll, beforeAll, expect, it } from "vitest";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import {
  checkRunsOf,
  commentsOf,
  type E2E,
  graphqlOps,
  repoWithPull,
  startE2E,
  writeLines,
} from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

// GitHub leaves `pull_requests` empty in check-suite events for PRs from forks: the App has to
// find the PR from the head SHA, or fork contributors would never get a check.
it("check_suite.requested for a fork PR finds the PR by its head SHA and posts there", async () => {
  const pr = repoWithPull(e2e.sim, "fork", {
    base: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.9 }) },
    head: { ...README, ...modelFiles({ name: "m0", version: "1.1.0", auc: 0.91 }) },
    fork: true,
  });
  // Another open PR, on another commit, that must not be evaluated.
  pr.repo.createBranch("other");
  pr.repo.commit({ ...README, "notes.txt": "x\n" }, "other", "other");
  pr.repo.openPullRequest({ head: "other" });
  const sha = pr.pull.head.sha;
  const payload = e2e.sim.payloads.checkSuite({ action: "requested", sha, repo: pr.repo });
  expect(payload.check_suite.pull_requests).toEqual([]);

  e2e.sim.reset();
  expect(await e2e.sim.sendWebhook({ name: "check_suite", payload })).toBe(200);

  const paths = e2e.sim.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`);
  expect(paths).toContain(`GET /repos/${pr.repo.fullName}/pulls`);
  // PR #1's files are listed (by the opening query), PR #2's are not.
  expect(
    graphqlOps(e2e.sim)
      .filter((q) => q.name === "modelgateOpen")
      .map((q) => q.variables.number),
  ).toEqual([1]);
  expect(writeLines(e2e.sim)).toEqual([
    `POST /repos/${pr.repo.fullName}/check-runs`,
    `POST /repos/${pr.repo.fullName}/issues/1/comments`,
  ]);
  expect(checkRunsOf(pr.repo).map((r) => [r.headSha, r.name, r.conclusion])).toEqual([
    [sha, "modelgate", "success"],
  ]);
  expect(commentsOf(pr.repo).map((c) => c.issueNumber)).toEqual([1]);
});
