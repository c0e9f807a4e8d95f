import { afterAll, beforeAll, expect, it } from "vitest";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, type E2E, sendPullRequest, startE2E } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

const POLICY = ".github/modelgate.yml";
const model = (version: string, auc: number) => modelFiles({ name: "m0", version, auc });
const strict = (min: number) =>
  `version: 1\ngates:\n  evaluation:\n    metrics:\n      - { name: auc, direction: higher, min: ${min} }\n`;

/** A repository of `owner` with PR #1 from base to head (each owner may have its own `.github`). */
function pull(owner: string, name: string, base: Record<string, string>, head: Record<string, string>) {
  const repo = e2e.sim.state.addRepo({ owner, name });
  repo.commit(base, repo.defaultBranch, "base");
  repo.createBranch("update");
  repo.commit(head, "update", "head");
  return { repo, pull: repo.openPullRequest({ head: "update", user: "alice" }) };
}

const codes = (repo: ReturnType<typeof pull>["repo"]) =>
  (checkRunsOf(repo)[0]?.output.annotations ?? []).map((a) => [a.title, a.path, a.start_line]);

// SPEC §1.3: the policy too is refused over 64 KiB before parsing, read by our safe loader.
it("refuses an oversize policy on the default branch before parsing it", async () => {
  const big = `version: 1\n# ${"x".repeat(70 * 1024)}\n`;
  const pr = pull(
    "sizeco",
    "models",
    { ...README, [POLICY]: big, ...model("1.0.0", 0.9) },
    { ...README, [POLICY]: big, ...model("1.1.0", 0.91) },
  );
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  expect(checkRunsOf(pr.repo)[0]?.conclusion).toBe("failure");
  expect(codes(pr.repo)).toEqual([["parse.too-large", POLICY, 1]]);
});

// Probot's convention: without a policy of its own, a repository takes its organization's.
it("uses the organization's .github policy when the repository has none, read with the opening query", async () => {
  const org = e2e.sim.state.addRepo({ owner: "orgco", name: ".github" });
  org.commit({ [POLICY]: strict(0.95) }, org.defaultBranch, "org policy");
  const pr = pull(
    "orgco",
    "models",
    { ...README, ...model("1.0.0", 0.9) },
    { ...README, ...model("1.1.0", 0.91) },
  );
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  expect(codes(pr.repo)).toEqual([["eval.below-min", "models/m0/experiment.yaml", 11]]);
  // Both policy files came with the opening GraphQL query: no REST read of either.
  expect(e2e.sim.requests.filter((r) => r.path.includes("/contents/"))).toEqual([]);
  const opening = e2e.sim.requests.find((r) => r.path === "/graphql");
  expect((opening?.body as { query?: string } | undefined)?.query).toContain(
    'orgPolicy: repository(owner: $owner, name: ".github")',
  );
});

// `_extends`: the repository inherits the organization's rules, and its own lists replace them.
it("resolves _extends, the repository's lists replacing the inherited ones", async () => {
  const org = e2e.sim.state.addRepo({ owner: "extco", name: ".github" });
  org.commit({ [POLICY]: strict(0.95) }, org.defaultBranch, "org policy");
  const own = `_extends: .github\ngates:\n  evaluation:\n    metrics:\n      - { name: auc, direction: higher, min: 0.5 }\n  documentation:\n    mode: warn\n`;
  const pr = pull(
    "extco",
    "models",
    { ...README, [POLICY]: own, ...model("1.0.0", 0.9) },
    { ...README, [POLICY]: own, ...model("1.1.0", 0.91) },
  );
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  // min 0.5 replaced min 0.95: 0.91 passes.
  expect(checkRunsOf(pr.repo)[0]?.conclusion).toBe("success");
  expect(codes(pr.repo)).toEqual([]);
});
