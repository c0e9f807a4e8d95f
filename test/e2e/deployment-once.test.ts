import { afterAll, beforeAll, expect, it } from "vitest";
import { checkRunsOf, type E2E, startE2E } from "./harness.ts";
import { comment, deploymentsOf, openRolloutPr, reactionsOn, replyTo } from "./rollout-harness.ts";

let e2e: E2E;
beforeAll(async () => {
  // Octokit's retry plugin on, as in production: it must not retry POST /deployments blindly.
  e2e = await startE2E({ retries: true });
});
afterAll(() => e2e.close());

async function openPr(prefix: string) {
  const pr = await openRolloutPr(e2e.sim, prefix, { people: { alice: ["write", "maintain"] } });
  expect(checkRunsOf(pr.repo)[0]?.conclusion).toBe("success");
  return pr;
}

const deploymentPosts = () =>
  e2e.sim.requests.filter((r) => r.method === "POST" && /\/deployments$/.test(r.path.split("?")[0] ?? ""));

// SPEC §4.4: GitHub created the deployment, but the answer was lost (a 502 from its edge).
it("a 502 after POST /deployments created it: exactly one deployment, found by the comment id, and 🚀", async () => {
  const { repo } = await openPr("deploy-502");
  e2e.sim.fail({ method: "POST", path: /\/deployments$/, status: 502, afterHandling: true });
  e2e.sim.reset();
  const { commentId } = await comment(e2e.sim, repo, "alice", "/promote shadow");

  expect(deploymentsOf(repo).map((d) => [d.environment, d.payload])).toEqual([
    ["fraud-shadow", expect.objectContaining({ comment_id: commentId, kind: "promote" })],
  ]);
  expect(deploymentPosts().map((r) => r.status)).toEqual([502]); // never sent again
  expect(reactionsOn(repo, commentId)).toEqual(["eyes", "rocket"]);
  expect(replyTo(repo, commentId)).toBeNull();
});

it("a 502 before anything was created: looked for, not found, tried once more", async () => {
  const { repo } = await openPr("deploy-502-before");
  e2e.sim.fail({ method: "POST", path: /\/deployments$/, status: 502 });
  e2e.sim.reset();
  const { commentId } = await comment(e2e.sim, repo, "alice", "/promote shadow");

  expect(deploymentsOf(repo)).toHaveLength(1);
  expect(deploymentPosts().map((r) => r.status)).toEqual([502, 201]);
  expect(reactionsOn(repo, commentId)).toEqual(["eyes", "rocket"]);
});
