import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manifest, manifestPath, modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, type E2E, repoWithPull, sendPullRequest, startE2E } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

/** A manifest with `count` slice metrics, so that the report outgrows GitHub's limits. */
function withSlices(version: string, auc: number, count: number) {
  const files = modelFiles({ name: "fraud", version, auc });
  const slices = Array.from(
    { length: count },
    (_, i) => `  - { name: auc, value: ${auc}, slice: region=r${i}, n: 5000 }`,
  ).join("\n");
  const text = manifest({ name: "fraud", version, auc }).replace(/metrics:\n/, `metrics:\n${slices}\n`);
  return { ...README, ...files, [manifestPath("fraud")]: text };
}

describe("acceptance: a report over GitHub's size limits", () => {
  it("truncates the check summary with a note, and the sticky comment keeps its tracker", async () => {
    const pr = repoWithPull(e2e.sim, "huge", {
      base: withSlices("1.0.0", 0.9, 1500),
      head: withSlices("1.0.1", 0.91, 1500),
    });
    expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
    const run = checkRunsOf(pr.repo, pr.pull.head.sha).at(-1);
    expect(run?.output.summary?.length).toBeLessThanOrEqual(65_535);
    expect(run?.output.summary).toContain("truncated");
    const sticky = [...pr.repo.comments.values()].find((c) => c.body.includes("<!-- modelgate:sticky -->"));
    expect(sticky?.body.length).toBeLessThanOrEqual(65_536);
    expect(sticky?.body).toContain("truncated");
    expect(sticky?.body).toContain("#### Rollout");
    expect(sticky?.body).toContain("Next: `/promote shadow`");
  });
});
