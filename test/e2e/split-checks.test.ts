import { afterAll, beforeAll, expect, it } from "vitest";
import { CARD_VERSION_LINE, cardPath, modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, type E2E, repoWithPull, sendPullRequest, startE2E, writeLines } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

// Split checks let branch protection require some gates and merely show others.
it("checks.split: one check run per gate, named <name>/<gate>, each with its own conclusion", async () => {
  const policy = { ".github/modelgate.yml": "version: 1\nchecks: { name: mg, split: true }\n" };
  const pr = repoWithPull(e2e.sim, "split", {
    base: { ...README, ...policy, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.9 }) },
    head: { ...README, ...policy, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.91 }) },
  });
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);

  const runs = checkRunsOf(pr.repo).sort((a, b) => a.id - b.id);
  expect(runs.map((r) => [r.name, r.conclusion])).toEqual([
    ["mg/documentation", "success"],
    ["mg/versioning", "failure"],
    ["mg/lineage", "success"],
    ["mg/evaluation", "success"],
  ]);
  expect(runs[1]?.output.title).toBe("versioning: 1 model · 1 error · 0 warnings");
  expect(runs[1]?.output.annotations.map((a) => [a.path, a.start_line, a.title])).toEqual([
    [cardPath("m0"), CARD_VERSION_LINE, "version.not-bumped"],
  ]);
  for (const r of [runs[0], runs[2], runs[3]]) expect(r?.output.annotations).toEqual([]);
  expect(writeLines(e2e.sim).filter((w) => w.endsWith("/check-runs"))).toHaveLength(4);

  // Unchanged re-delivery: none of the four is posted again.
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  expect(writeLines(e2e.sim)).toEqual([]);
});
