import { afterAll, beforeAll, expect, it } from "vitest";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { commentsOf, type E2E, repoWithPull, sendPullRequest, startE2E, writeLines } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

// The marker alone is not proof of authorship: anyone can paste it. Editing a user's comment
// would let them make the App overwrite (and so erase) what they wrote, or be mistaken for it.
it("a user's comment carrying the marker is never edited; the App writes and updates its own", async () => {
  const pr = repoWithPull(e2e.sim, "forged", {
    base: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.9 }) },
    head: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.91 }) },
  });
  const forged = "<!-- modelgate:sticky -->\n**✅ modelgate: success** (not really)";
  const userComment = pr.repo.addComment(1, forged, "mallory");

  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  expect(writeLines(e2e.sim)).toEqual([
    `POST /repos/${pr.repo.fullName}/check-runs`,
    `POST /repos/${pr.repo.fullName}/issues/1/comments`,
  ]);
  const ours = commentsOf(pr.repo).find((c) => c.id !== userComment.id);
  expect(ours?.user.login).toBe("modelgate[bot]");
  expect(ours?.body).toContain("version.not-bumped");

  // A push that fixes the PR: the App's comment changes, the forged one stays as it was.
  pr.repo.pushCommit(1, modelFiles({ name: "m0", version: "1.0.1", auc: 0.91 }));
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr, "synchronize")).toBe(200);
  expect(writeLines(e2e.sim)).toEqual([
    `POST /repos/${pr.repo.fullName}/check-runs`,
    `PATCH /repos/${pr.repo.fullName}/issues/comments/${ours?.id}`,
  ]);
  expect(pr.repo.comments.get(userComment.id)?.body).toBe(forged);
  expect(commentsOf(pr.repo)).toHaveLength(2);
});
