import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { model } from "../core/engine/repo-builders.ts";
import { folderPair, REPO, runCli } from "./run-cli.ts";

/** The output says which policy was applied, and never claims the default branch's when it was not. */

const POLICY = ".github/modelgate.yml";
let pair: Awaited<ReturnType<typeof folderPair>>;
beforeAll(async () => {
  pair = await folderPair(
    { ...model("models/a", { name: "a" }), [POLICY]: "version: 1\n" },
    {
      ...model("models/a", { name: "a", version: "1.1.0", learningRate: 0.5 }),
      [POLICY]: "version: 1\ngates:\n  lineage: { mode: warn }\n",
      "strict.yml": "version: 1\n",
    },
  );
});
afterAll(() => pair?.remove());

it("--policy FILE: the text names the file, and policy.changed says the PR is checked with it", async () => {
  const strict = path.join(pair.head, "strict.yml");
  const run = await runCli(["check", "--base-dir", pair.base, "--head-dir", pair.head, "--policy", strict]);
  expect(run.code).toBe(0);
  // runCli runs in the repository root: the file is named relative to it.
  const rel = path.relative(REPO, strict);
  expect(run.stdout.split("\n")[1]).toBe(`  policy: ${rel} (--policy)`);
  expect(run.stdout).toContain(`checked with the policy given with --policy (${rel}). Dry run: it is valid`);
  expect(run.stdout).not.toContain("default branch");
});

it("the base's policy: named with the base it came from", async () => {
  const run = await runCli(["check", "--base-dir", pair.base, "--head-dir", pair.head]);
  expect(run.code).toBe(0);
  expect(run.stdout.split("\n")[1]).toBe(`  policy: ${POLICY} of --base-dir ${pair.base}`);
  expect(run.stdout).toContain(`checked with the base's (${POLICY} of --base-dir ${pair.base})`);
  expect(run.stdout).not.toContain("default branch");
});
