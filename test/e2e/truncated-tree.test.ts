import { afterAll, beforeAll, expect, it } from "vitest";
import { card, type Files, manifest, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, type E2E, repoWithPull, sendPullRequest, startE2E } from "./harness.ts";

// GitHub truncates a recursive tree over 100,000 entries or 7 MB; here over 12, to see it happen.
const LIMIT = 12;

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ sim: { maxTreeEntries: LIMIT } });
});
afterAll(() => e2e.close());

/** A card in models/m0 linking a manifest kept in experiments/m0, among `extra` other files. */
const linked = (auc: number, extra: Files): Files => ({
  ...README,
  ...extra,
  "models/m0/MODEL_CARD.md": card({ name: "m0", version: "1.0.0", auc }).replace(
    "experiment: experiment.yaml",
    "experiment: /experiments/m0/experiment.yaml",
  ),
  "experiments/m0/experiment.yaml": manifest({ name: "m0", version: "1.0.0", auc }),
});

const treeReads = () =>
  e2e.sim.requests
    .filter((r) => r.path.includes("/git/trees/"))
    .map((r) => (r.path.includes("recursive=") ? "recursive" : "one level"));

// SPEC §1.3: nothing is capped silently. A truncated listing would miss the card that links the
// changed manifest, and the model would go ungated without a word.
it("a truncated recursive tree is read folder by folder, and the card it would have missed is found", async () => {
  const notes: Files = {};
  for (let i = 0; i < 10; i++) notes[`docs/n${i}.md`] = `note ${i}\n`; // sorted before models/: a cut at 12 loses the card
  const pr = repoWithPull(e2e.sim, "truncated", { base: linked(0.9, notes), head: linked(0.91, notes) });
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);

  const [run] = checkRunsOf(pr.repo);
  expect(run?.output.annotations.map((a) => [a.path, a.title])).toEqual([
    ["models/m0/MODEL_CARD.md", "version.not-bumped"],
  ]);
  // The whole tree (truncated), the root one level deep, then each top-level folder whole
  // (docs, experiments, models).
  expect(treeReads()).toEqual(["recursive", "one level", "recursive", "recursive", "recursive"]);
});

it("a folder too large to list even one level deep fails the check, saying why", async () => {
  const crowded: Files = {};
  for (let i = 0; i < LIMIT + 1; i++) crowded[`n${String(i).padStart(2, "0")}.md`] = `note ${i}\n`;
  const pr = repoWithPull(e2e.sim, "too-wide", { base: linked(0.9, crowded), head: linked(0.91, crowded) });
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  const [run] = checkRunsOf(pr.repo);
  expect(run?.conclusion).toBe("failure");
  expect(run?.output.title).toBe("modelgate could not evaluate this pull request");
  expect(run?.output.summary).toContain("is too large to list whole");
});
