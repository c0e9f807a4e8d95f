import { afterAll, beforeAll, expect, it } from "vitest";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import {
  checkRunsOf,
  commentsOf,
  type E2E,
  repoWithPull,
  sendPullRequest,
  startE2E,
  writeLines,
} from "./harness.ts";

// GitHub's comment and check run ids passed 2^31 long ago; GraphQL's `databaseId` is a 32-bit Int.
const FIRST_ID = 2 ** 31 + 7;

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ sim: { firstId: FIRST_ID } });
});
afterAll(() => e2e.close());

it("ids above 2^31: the sticky comment is found by its fullDatabaseId and edited, our check run is read", async () => {
  const pr = repoWithPull(e2e.sim, "large-ids", {
    base: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.9 }) },
    head: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.91 }) },
  });
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  const sticky = commentsOf(pr.repo).find((c) => c.user.login === "modelgate[bot]");
  expect(sticky?.id).toBeGreaterThan(2 ** 31);
  expect(checkRunsOf(pr.repo)[0]?.id).toBeGreaterThan(2 ** 31);

  // The same delivery again: our check run and comment are read back (no GraphQL error on their
  // ids), found identical, and nothing is written.
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr, "opened", "again")).toBe(200);
  expect(writeLines(e2e.sim)).toEqual([]);

  // A fix: the sticky comment is edited in place, by its 64-bit id.
  pr.repo.pushCommit(1, modelFiles({ name: "m0", version: "1.0.1", auc: 0.91 }));
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr, "synchronize")).toBe(200);
  expect(writeLines(e2e.sim)).toEqual([
    `POST /repos/${pr.repo.fullName}/check-runs`,
    `PATCH /repos/${pr.repo.fullName}/issues/comments/${sticky?.id}`,
  ]);
  expect(commentsOf(pr.repo).filter((c) => c.user.login === "modelgate[bot]")).toHaveLength(1);
});
