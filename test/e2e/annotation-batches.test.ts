import { afterAll, beforeAll, expect, it } from "vitest";
import { type Files, MANIFEST_TRAIN_LINE, manifestPath, modelFiles, models } from "../fixtures/model-repo.ts";
import { checkRunsOf, type E2E, repoWithPull, sendPullRequest, startE2E, writeLines } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

/** Each model: not bumped, and a floating data version: 2 errors per model. */
function prWithErrors(prefix: string, modelCount: number) {
  return repoWithPull(e2e.sim, prefix, {
    base: models(modelCount, { version: "1.0.0", auc: 0.9 }),
    head: models(modelCount, { version: "1.0.0", auc: 0.91, trainVersion: "latest" }),
  });
}

const checkWrites = () =>
  e2e.sim
    .writes()
    .filter((w) => w.path.includes("/check-runs"))
    .map((w) => {
      const output = (w.body as { output: { annotations: unknown[]; text?: string } }).output;
      return [w.method, w.path, output.annotations.length];
    });

// SPEC §4.1: at most 50 annotations per check run, in the one request that creates it; the rest
// are listed in the check's text, so that 900 findings cost what 9 do.
it("60 findings: one create with 50 annotations, the other 10 listed in the text with file:line", async () => {
  const pr = prWithErrors("annotations", 30);
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);

  const [run] = checkRunsOf(pr.repo);
  expect(checkWrites()).toEqual([["POST", `/repos/${pr.repo.fullName}/check-runs`, 50]]);
  expect(writeLines(e2e.sim)).toHaveLength(2); // and the comment
  expect(run?.output.title).toBe("30 models · 60 errors · 0 warnings");
  const annotations = run?.output.annotations ?? [];
  expect(annotations).toHaveLength(50);
  expect(new Set(annotations.map((a) => `${a.path}:${a.start_line}:${a.title}`)).size).toBe(50);
  const listed = (run?.output.text ?? "").split("\n").filter((l) => l.startsWith("- "));
  expect(listed).toHaveLength(10);
  // Every finding is shown once: annotated, or listed with its file and line.
  const annotated = new Set(annotations.map((a) => `${a.path}:${a.start_line} ${a.title}`));
  const all = [...annotated, ...listed.map((l) => / (\S+:\d+) (\S+): /.exec(l)?.slice(1).join(" "))];
  expect(new Set(all).size).toBe(60);
  expect(listed.filter((l) => l.includes("version.floating-ref"))[0]).toMatch(
    new RegExp(
      `^- \\*\\*error\\*\\* models/m\\d+/experiment\\.yaml:${MANIFEST_TRAIN_LINE} version\\.floating-ref: `,
    ),
  );
});

it("900 findings: still one check-run request", async () => {
  // One model whose manifest reports 900 metrics, each under the policy's minimum.
  const policy = {
    ".github/modelgate.yml":
      'version: 1\ngates:\n  evaluation:\n    metrics:\n      - { name: "q*", direction: higher, min: 1 }\n',
  };
  const metrics = Array.from({ length: 900 }, (_, i) => `  - { name: q${i}, value: 0.5, n: 50000 }`);
  const base = { ...policy, ...modelFiles({ name: "wide", version: "1.0.0", auc: 0.9 }) };
  const head: Files = { ...policy, ...modelFiles({ name: "wide", version: "1.1.0", auc: 0.9 }) };
  head[manifestPath("wide")] = (head[manifestPath("wide")] ?? "").replace(
    "metrics:\n",
    `metrics:\n${metrics.join("\n")}\n`,
  );
  const pr = repoWithPull(e2e.sim, "annotations-900", { base, head });
  e2e.sim.reset();
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  const [run] = checkRunsOf(pr.repo);
  expect(run?.output.title).toBe("1 model · 900 errors · 0 warnings");
  expect(checkWrites()).toEqual([["POST", `/repos/${pr.repo.fullName}/check-runs`, 50]]);
  expect(run?.output.annotations.every((a) => a.title === "eval.below-min")).toBe(true);
  const listed = (run?.output.text ?? "").split("\n").filter((l) => l.startsWith("- "));
  // The text stops under GitHub's limit, saying how many it could not list: nothing is lost silently.
  const left = Number(
    /… and (\d+) more; run `modelgate check` for all of them\./.exec(run?.output.text ?? "")?.[1],
  );
  expect(listed.length + left).toBe(850);
  expect(listed[0]).toMatch(/^- \*\*error\*\* models\/wide\/experiment\.yaml:\d+ eval\.below-min: /);
  expect((run?.output.text ?? "").length).toBeLessThanOrEqual(65_535);
});
