import { rename } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { model } from "../core/engine/repo-builders.ts";
import { baseRepo, git as gitIn, runCli, tempDir, writeTree } from "./run-cli.ts";

/**
 * `modelgate check` in a git checkout: head = the working tree (edits, staged renames,
 * untracked files), base = the merge-base with the default branch, or `--base REF`.
 *
 * main:    base commit (models a, c, e, f) ──────────── adds model d
 * feature:   └─ bumps a to 1.1.0 (committed)
 * working tree: c's metrics edited, e's folder moved with git mv and f's with mv, b new and untracked.
 */

let tmp: Awaited<ReturnType<typeof tempDir>>;
let repo: string;
const git = (...args: string[]) => gitIn(repo, ...args);

beforeAll(async () => {
  tmp = await tempDir();
  repo = path.join(tmp.dir, "repo");
  await baseRepo(
    repo,
    {
      "README.md": "# ml\n",
      ...model("models/a", { name: "a" }),
      ...model("models/c", { name: "c" }),
      ...model("models/e", { name: "e" }),
      ...model("models/f", { name: "f" }),
    },
    "feature",
  );
  await writeTree(repo, model("models/a", { name: "a", version: "1.1.0", learningRate: 0.5 }));
  git("commit", "-q", "-am", "bump a");
  git("checkout", "-q", "main");
  await writeTree(repo, model("models/d", { name: "d" }));
  git("add", ".");
  git("commit", "-q", "-m", "add d");
  git("checkout", "-q", "feature");
  await writeTree(repo, {
    "models/c/metrics.json": '{"auc": 0.95}\n',
    ...model("models/b", { name: "b", version: "0.1.0" }),
  });
  git("mv", "models/e", "models/e2");
  await rename(path.join(repo, "models/f"), path.join(repo, "models/f2"));
});
afterAll(() => tmp?.remove());

interface Json {
  conclusion: string;
  models: { name: string; card: string; base_version: string | null; changes: string[] }[];
  findings: { code: string; model: string | null; file: string | null }[];
}
const summary = (json: Json) =>
  json.models.map((m) => `${m.card} ${m.base_version}→ [${m.changes.join(",")}]`);

describe("check in a git checkout", () => {
  it("without --base: the merge-base with main, the working tree with untracked files", async () => {
    const run = await runCli(["check", "--format", "json"], repo);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout) as Json;
    expect(summary(json)).toEqual([
      "models/a/MODEL_CARD.md 1.0.0→ [params]",
      "models/b/MODEL_CARD.md null→ []",
      "models/c/MODEL_CARD.md 1.0.0→ [metrics]",
      "models/e2/MODEL_CARD.md 1.0.0→ []",
      "models/f2/MODEL_CARD.md 1.0.0→ []",
    ]);
    expect(json.findings.map((f) => `${f.model} ${f.code}`)).toEqual(["c version.not-bumped"]);
  });

  it("with --base REF: that commit is the base", async () => {
    const run = await runCli(["check", "--format", "json", "--base", "HEAD"], repo);
    expect(run.code).toBe(1);
    expect(summary(JSON.parse(run.stdout))).toEqual([
      "models/b/MODEL_CARD.md null→ []",
      "models/c/MODEL_CARD.md 1.0.0→ [metrics]",
      "models/e2/MODEL_CARD.md 1.0.0→ []",
      "models/f2/MODEL_CARD.md 1.0.0→ []",
    ]);
  });

  it("--head-dir without --base-dir: git mode from that folder, paths relative to it", async () => {
    const run = await runCli(["check", "--format", "json", "--head-dir", path.join(repo, "models")], tmp.dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    expect(summary(JSON.parse(run.stdout))).toEqual([
      "a/MODEL_CARD.md 1.0.0→ [params]",
      "b/MODEL_CARD.md null→ []",
      "c/MODEL_CARD.md 1.0.0→ [metrics]",
      "e2/MODEL_CARD.md 1.0.0→ []",
      "f2/MODEL_CARD.md 1.0.0→ []",
    ]);
  });

  it("an unknown --base is a usage error", async () => {
    const run = await runCli(["check", "--base", "no-such-ref"], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--base no-such-ref is not a commit/);
  });
});
