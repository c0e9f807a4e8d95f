import { afterAll, beforeAll, expect, it } from "vitest";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import {
  commentsOf,
  type E2E,
  graphqlOps,
  repoWithPull,
  sendPullRequest,
  startE2E,
  writeLines,
} from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

// A busy review thread pushes the App's own comment past the first page of 100: it must still be
// found (and updated), never duplicated.
it("finds its sticky comment past the first 100 comments of a long thread", async () => {
  const pr = repoWithPull(e2e.sim, "long-thread", {
    base: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.9 }) },
    head: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.91 }) },
  });
  for (let i = 0; i < 130; i++) pr.repo.addComment(1, `review note ${i}`, "reviewer");
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  const sticky = commentsOf(pr.repo).find((c) => c.user.login === "modelgate[bot]");
  expect(sticky?.body).toContain("version.not-bumped");

  pr.repo.pushCommit(1, modelFiles({ name: "m0", version: "1.0.1", auc: 0.91 }));
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr, "synchronize")).toBe(200);
  expect(writeLines(e2e.sim)).toEqual([
    `POST /repos/${pr.repo.fullName}/check-runs`,
    `PATCH /repos/${pr.repo.fullName}/issues/comments/${sticky?.id}`,
  ]);
  expect(commentsOf(pr.repo).filter((c) => c.user.login === "modelgate[bot]")).toHaveLength(1);
  // 131 comments, 100 per page: one page beyond the opening query's.
  expect(graphqlOps(e2e.sim).map((q) => q.name)).toEqual([
    "modelgateOpen",
    "modelgateRead",
    "modelgateComments",
  ]);
});
