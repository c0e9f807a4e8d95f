import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { cardText, manifestText } from "../core/engine/repo-builders.ts";
import { baseRepo, runCli, tempDir, writeTree } from "./run-cli.ts";

/**
 * A file git ignores but the working tree has (DVC lists its outputs in .gitignore; `dvc pull`
 * brings them) is not the base's file: the base has none. Before, the engine took the working
 * tree's copy for both sides, and a change in it could never show.
 */

let tmp: Awaited<ReturnType<typeof tempDir>>;
let repo: string;

beforeAll(async () => {
  tmp = await tempDir();
  repo = path.join(tmp.dir, "repo");
  await baseRepo(
    repo,
    {
      "models/a/MODEL_CARD.md": cardText({ name: "a" }),
      // Its manifest names metrics_file: metrics.json.
      "models/a/experiment.yaml": manifestText({ name: "a" }),
      // As `dvc add` / `dvc.yaml` outputs leave it: the file is DVC's, git ignores it.
      "models/a/.gitignore": "/metrics.json\n",
      ".gitignore": "node_modules/\n",
    },
    "feature",
  );
  await writeTree(repo, {
    "models/a/metrics.json": '{"auc": 0.8}\n',
    // An ignored folder is skipped whole, whatever it holds.
    "node_modules/pkg/MODEL_CARD.md": cardText({ name: "vendored" }),
  });
});
afterAll(() => tmp?.remove());

interface Json {
  models: { name: string; changes: string[] }[];
  metrics: { model: string; name: string; base: number | null; head: number | null; status: string }[];
}

it("an ignored metrics file in the working tree has no base: its metrics are new, not unchanged", async () => {
  const run = await runCli(["check", "--format", "json"], repo);
  const json = JSON.parse(run.stdout) as Json;
  expect(json.models.map((m) => [m.name, m.changes])).toEqual([["a", ["metrics"]]]);
  expect(json.metrics).toEqual([
    expect.objectContaining({ model: "a", name: "auc", base: null, head: 0.8, status: "new" }),
  ]);
});
