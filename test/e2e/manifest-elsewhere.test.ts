import { afterAll, beforeAll, expect, it } from "vitest";
import { card, manifest, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, type E2E, repoWithPull, sendPullRequest, startE2E } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

// Runs kept in experiments/, cards in models/: a PR that only changes the run must still gate the
// model whose card links it — found through one recursive tree listing, only in this layout.
it("gates the model whose card links a changed manifest kept in another folder", async () => {
  const linked = (auc: number) => ({
    ...README,
    "models/m0/MODEL_CARD.md": card({ name: "m0", version: "1.0.0", auc }).replace(
      "experiment: experiment.yaml",
      "experiment: /experiments/m0/experiment.yaml",
    ),
    "experiments/m0/experiment.yaml": manifest({ name: "m0", version: "1.0.0", auc }),
  });
  const pr = repoWithPull(e2e.sim, "runs-apart", { base: linked(0.9), head: linked(0.91) });
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);

  const [run] = checkRunsOf(pr.repo);
  expect(run?.conclusion).toBe("failure");
  expect(run?.output.annotations.map((a) => [a.path, a.title])).toEqual([
    ["models/m0/MODEL_CARD.md", "version.not-bumped"],
  ]);
  expect(e2e.sim.requests.filter((r) => r.path.includes("/git/trees/"))).toHaveLength(1);
});
