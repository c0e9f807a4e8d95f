import { afterAll, beforeAll, expect, it } from "vitest";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, type E2E, repoWithPull, sendPullRequest, startE2E } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

const POLICY = ".github/modelgate.yml";
const model = (version: string, auc: number) => modelFiles({ name: "m0", version, auc });

// Fail closed: a typo in the policy must not quietly turn a gate off.
it("an invalid policy on the default branch fails the check, annotated on the policy's line", async () => {
  const policy = "version: 1\ngates:\n  documentaton:\n    mode: off\n";
  const pr = repoWithPull(e2e.sim, "bad-policy", {
    base: { ...README, [POLICY]: policy, ...model("1.0.0", 0.9) },
    head: { ...README, [POLICY]: policy, ...model("1.1.0", 0.91) },
  });
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  const runs = checkRunsOf(pr.repo);
  expect(runs.map((r) => [r.name, r.conclusion])).toEqual([["modelgate", "failure"]]);
  const annotations = runs[0]?.output.annotations ?? [];
  expect(annotations.map((a) => [a.path, a.start_line, a.annotation_level, a.title])).toEqual([
    [POLICY, 3, "failure", "policy.invalid"],
  ]);
  expect(annotations[0]?.message).toContain("documentaton");
  expect(runs[0]?.output.summary).toContain("no gate ran");
});

// A PR never weakens its own gates: its policy is only dry-run.
it("a PR that edits the policy is governed by the default branch's, with the dry run annotated", async () => {
  const strict =
    "version: 1\ngates:\n  evaluation:\n    metrics:\n      - { name: auc, direction: higher, min: 0.95 }\n";
  const weakened = "version: 1\ngates:\n  evaluation:\n    mode: off\n    metricz: []\n";
  const pr = repoWithPull(e2e.sim, "edit-policy", {
    base: { ...README, [POLICY]: strict, ...model("1.0.0", 0.9) },
    head: { ...README, [POLICY]: weakened, ...model("1.1.0", 0.91) },
  });
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  const runs = checkRunsOf(pr.repo);
  expect(runs.map((r) => [r.name, r.conclusion])).toEqual([["modelgate", "failure"]]);
  const annotations = runs[0]?.output.annotations ?? [];
  const byCode = new Map(annotations.map((a) => [a.title, a]));
  // eval.below-min: the default branch's rule still governs, though the PR turns evaluation off.
  expect([...byCode.values()].map((a) => [a.title, a.path, a.start_line, a.annotation_level]).sort()).toEqual(
    [
      ["eval.below-min", "models/m0/experiment.yaml", 11, "failure"],
      ["policy.changed", POLICY, 1, "notice"],
      ["policy.invalid", POLICY, 5, "failure"],
    ],
  );
  expect(annotations).toHaveLength(3);
  expect(byCode.get("policy.changed")?.message).toContain("takes effect after merge");
  expect(byCode.get("policy.invalid")?.message).toContain("metricz");
});
