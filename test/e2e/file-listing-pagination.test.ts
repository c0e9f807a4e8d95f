import { afterAll, beforeAll, expect, it } from "vitest";
import { changedFiles } from "../../src/sim/routes/pull-routes.ts";
import { CARD_VERSION_LINE, cardPath, type Files, modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, type E2E, graphqlOps, repoWithPull, sendPullRequest, startE2E } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

// GitHub lists a PR's files 100 per page: a model whose card is on page 2 must still be gated.
it("a PR of 151 files is listed in two pages and the model on the second page is evaluated", async () => {
  const filler: Files = {};
  for (let i = 0; i < 150; i++) filler[`data/part-${String(i).padStart(3, "0")}.csv`] = `${i}\n`;
  const pr = repoWithPull(e2e.sim, "paginate", {
    base: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.9 }) },
    head: { ...README, ...filler, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.91 }) },
  });
  const listed = changedFiles(pr.repo, pr.pull).map((f) => f.filename);
  expect(listed).toHaveLength(151);
  expect(listed.indexOf(cardPath("m0"))).toBe(-1); // only the manifest changed…
  expect(listed.indexOf("models/m0/experiment.yaml")).toBeGreaterThanOrEqual(100); // …and it is on page 2

  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  // The first page comes with the opening query, the second by its cursor.
  const listings = graphqlOps(e2e.sim).filter(
    (q) => q.name === "modelgateOpen" || q.name === "modelgateFiles",
  );
  expect(listings.map((q) => [q.name, typeof q.variables.after])).toEqual([
    ["modelgateOpen", "undefined"],
    ["modelgateFiles", "string"],
  ]);
  const annotations = checkRunsOf(pr.repo)[0]?.output.annotations ?? [];
  expect(annotations.map((a) => [a.path, a.start_line, a.title])).toEqual([
    [cardPath("m0"), CARD_VERSION_LINE, "version.not-bumped"],
  ]);
});
