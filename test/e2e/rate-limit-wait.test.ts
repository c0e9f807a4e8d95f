import { afterAll, beforeAll, expect, it } from "vitest";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, type E2E, repoWithPull, sendPullRequest, startE2E } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

const pr = (prefix: string) =>
  repoWithPull(e2e.sim, prefix, {
    base: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.9 }) },
    head: { ...README, ...modelFiles({ name: "m0", version: "1.1.0", auc: 0.91 }) },
  });

const checkPosts = () =>
  e2e.sim.requests.filter((r) => r.method === "POST" && /\/check-runs$/.test(r.path)).map((r) => r.status);

// SPEC §4.4: on 403/429 with retry-after, modelgate waits as told, then succeeds; the verdict is
// the real one, never "could not evaluate".
it("a secondary rate limit (403, retry-after: 1) on the check run: waited, then posted", async () => {
  const p = pr("secondary-limit");
  e2e.sim.fail({
    method: "POST",
    path: /\/check-runs$/,
    status: 403,
    headers: { "retry-after": "1" },
    body: {
      message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
    },
  });
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, p)).toBe(200);
  expect(checkPosts()).toEqual([403, 201]);
  expect(checkRunsOf(p.repo).map((r) => r.conclusion)).toEqual(["success"]);
  expect(e2e.logs.some((l) => l.msg === "rate limited; waiting 1 s as GitHub asks")).toBe(true);
});

it("a primary limit whose reset is an hour away is not waited for: the check says rate-limited", async () => {
  const p = pr("primary-limit");
  const reset = String(Math.floor(Date.now() / 1000) + 3600);
  e2e.sim.fail({
    method: "POST",
    path: "/graphql",
    status: 403,
    headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
    body: { message: "API rate limit exceeded" },
  });
  expect(await sendPullRequest(e2e.sim, p)).toBe(200);
  const [run] = checkRunsOf(p.repo);
  expect(run?.output.summary).toMatch(/^GitHub rate-limited or refused the request \(403\)/);
});
