import { afterAll, beforeAll, expect, it } from "vitest";
import { fixtureTree } from "../core/sources/fixture-tree.ts";
import { checkRunsOf, type E2E, repoWithPull, requestLines, sendPullRequest, startE2E } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

const hub = fixtureTree("huggingface/hub-model");
const POLICY = {
  ".github/modelgate.yml": [
    "version: 1",
    "gates:",
    "  documentation: { required_fields: [license] }",
    "  lineage: { mode: off }",
    "  evaluation:",
    "    metrics:",
    "      - { name: gpqa, direction: higher, max_drop: 0.01 }",
    "",
  ].join("\n"),
};

// SPEC §1.4, §6: a PR that only edits `.eval_results/gpqa.yaml` of a Hub repository is a change
// to the README.md card beside it; the App reads the card and both sides' results in its batches.
it("a Hub PR that only edits an evaluation result gets a verdict on it, within the request budget", async () => {
  const base = { ...hub, ...POLICY };
  const head = {
    ...base,
    "README.md": (hub["README.md"] as string).replace("version: 1.0.0", "version: 1.0.1"),
    ".eval_results/gpqa.yaml": (hub[".eval_results/gpqa.yaml"] as string).replace("0.412", "0.371"),
  };
  const pr = repoWithPull(e2e.sim, "hub-model", { base, head });
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  const [run] = checkRunsOf(pr.repo);
  expect(run?.conclusion).toBe("failure");
  expect((run?.output.annotations ?? []).map((a) => [a.title, a.path, a.start_line])).toEqual([
    ["eval.regression", ".eval_results/gpqa.yaml", 4],
  ]);
  expect(run?.output.summary).toContain("acme-chat-1b");
  // The first event of the process also mints the installation token: not what this PR costs.
  const lines = requestLines(e2e.sim)
    .filter((l) => !l.includes("/app"))
    .map((l) => l.replace(pr.repo.fullName, "OWNER/REPO"));
  // The opening query (files, policy, state), one read batch, the check and the comment.
  expect([...lines].sort()).toEqual([
    "POST /graphql",
    "POST /graphql",
    "POST /repos/OWNER/REPO/check-runs",
    "POST /repos/OWNER/REPO/issues/1/comments",
  ]);
});
