import { afterAll, beforeAll, expect, it } from "vitest";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, commentsOf, type E2E, repoWithPull, startE2E, writeLines } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

const trees = () => ({
  base: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.9 }) },
  head: { ...README, ...modelFiles({ name: "m0", version: "1.1.0", auc: 0.91 }) },
});

// A result for a commit that is no longer the PR's head would show a verdict on code nobody
// will merge; the event for the new head posts the result that matters.
it("the PR moves on while it is being evaluated: nothing is posted", async () => {
  const pr = repoWithPull(e2e.sim, "stale", trees());
  const payload = e2e.sim.payloads.pullRequest({ action: "opened", number: 1, repo: pr.repo });
  e2e.sim.fail({ path: /graphql/, delayMs: 400 });
  e2e.sim.reset();
  const sent = e2e.sim.sendWebhook({ name: "pull_request", payload });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const newSha = pr.repo.pushCommit(1, { "notes.txt": "pushed meanwhile\n" });

  expect(await sent).toBe(200);
  expect(e2e.sim.requests.some((r) => r.path === "/graphql")).toBe(true);
  expect(writeLines(e2e.sim)).toEqual([]);
  expect(checkRunsOf(pr.repo)).toEqual([]);
  expect(commentsOf(pr.repo)).toEqual([]);
  expect(e2e.logs.some((l) => l.msg === "the PR has moved on; result not posted" && l.head === newSha)).toBe(
    true,
  );
});

it("an event that arrives for an old SHA posts nothing", async () => {
  const pr = repoWithPull(e2e.sim, "stale", trees());
  const old = e2e.sim.payloads.pullRequest({ action: "opened", number: 1, repo: pr.repo });
  pr.repo.pushCommit(1, { "notes.txt": "newer\n" });
  e2e.sim.reset();
  expect(await e2e.sim.sendWebhook({ name: "pull_request", payload: old })).toBe(200);
  expect(writeLines(e2e.sim)).toEqual([]);
  expect(checkRunsOf(pr.repo)).toEqual([]);
});
