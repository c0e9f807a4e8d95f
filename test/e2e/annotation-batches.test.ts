import { afterAll, beforeAll, expect, it } from "vitest";
import { MANIFEST_TRAIN_LINE, models } from "../fixtures/model-repo.ts";
import { checkRunsOf, type E2E, repoWithPull, sendPullRequest, startE2E, writeLines } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

// GitHub takes at most 50 annotations per request: the rest follow in updates, or are lost.
it("60 annotations: one create with 50, one update with 10, all on the check run", async () => {
  const pr = repoWithPull(e2e.sim, "annotations", {
    base: models(30, { version: "1.0.0", auc: 0.9 }),
    // Each model: not bumped, and a floating data version: 2 errors × 30 models.
    head: models(30, { version: "1.0.0", auc: 0.91, trainVersion: "latest" }),
  });
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);

  const [run] = checkRunsOf(pr.repo);
  const checkWrites = e2e.sim
    .writes()
    .filter((w) => w.path.includes("/check-runs"))
    .map((w) => {
      const output = (w.body as { output: { annotations: unknown[] } }).output;
      return [w.method, w.path, output.annotations.length];
    });
  expect(checkWrites).toEqual([
    ["POST", `/repos/${pr.repo.fullName}/check-runs`, 50],
    ["PATCH", `/repos/${pr.repo.fullName}/check-runs/${run?.id}`, 10],
  ]);
  expect(writeLines(e2e.sim)).toHaveLength(3); // and the comment
  expect(run?.output.title).toBe("30 models · 60 errors · 0 warnings");
  const annotations = run?.output.annotations ?? [];
  expect(annotations).toHaveLength(60);
  expect(new Set(annotations.map((a) => `${a.path}:${a.start_line}:${a.title}`)).size).toBe(60);
  expect(annotations.filter((a) => a.title === "version.floating-ref").map((a) => a.start_line)).toEqual(
    Array(30).fill(MANIFEST_TRAIN_LINE),
  );
});
