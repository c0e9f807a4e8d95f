import { describe, expect, it } from "vitest";
import { MAX_READ_ROUNDS } from "../../../src/core/collect-models.ts";
import type { Tree } from "./memory-snapshot.ts";
import { cardText, type ModelSpec, manifestText, metricsText, models } from "./repo-builders.ts";
import { runEngine } from "./run-engine.ts";

/**
 * SPEC §6: reading a PR costs the same number of batches for 1 model as for 20, and at most
 * three. Each row changes, in every model, the file that is hardest to trace back to its card.
 */

/** `n` models whose cards link a manifest in runs/, whose metrics file is in metrics/. */
const elsewhere = (n: number, spec: Omit<ModelSpec, "name"> = {}): Tree => {
  const out: Tree = {};
  for (const i of range(n)) {
    const name = `m${i}`;
    out[`models/${name}/MODEL_CARD.md`] = cardText({
      ...spec,
      name,
      experiment: `/runs/${name}/experiment.yaml`,
    });
    out[`runs/${name}/experiment.yaml`] = manifestText({ ...spec, name }).replace(
      "metrics_file: metrics.json",
      `metrics_file: /metrics/${name}/scores.json`,
    );
    out[`metrics/${name}/scores.json`] = metricsText({ ...spec, name });
  }
  return out;
};

interface Row {
  name: string;
  /** Base and head for `n` models. */
  pr(n: number): { base: Tree; head: Tree };
}

const rows: Row[] = [
  {
    name: "a metrics file changed beside each card",
    pr: (n) => ({ base: models(n), head: { ...models(n, { auc: 0.95 }), ...onlyCards(models(n)) } }),
  },
  {
    name: "each card bumped with new params",
    pr: (n) => ({ base: models(n), head: models(n, { version: "1.1.0", learningRate: 0.3 }) }),
  },
  {
    name: "a weights file added beside each card",
    pr: (n) => ({
      base: models(n),
      head: { ...models(n), ...Object.fromEntries(range(n).map((i) => [`models/m${i}/model.onnx`, "w"])) },
    }),
  },
  {
    name: "cards linking a manifest elsewhere, whose metrics file is elsewhere again",
    pr: (n) => ({
      base: elsewhere(n),
      head: elsewhere(n, { version: "1.1.0", learningRate: 0.3 }),
    }),
  },
];

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
/** The cards of a tree, to keep them unchanged while other files change. */
function onlyCards(tree: Tree): Tree {
  return Object.fromEntries(Object.entries(tree).filter(([p]) => p.endsWith("MODEL_CARD.md")));
}

describe("evaluatePr: read batches", () => {
  it.each(rows)("$name: the same for 1 and 20 models, at most 3", async (row) => {
    const one = await runEngine(row.pr(1));
    const twenty = await runEngine(row.pr(20));
    expect(one.report.models).toHaveLength(1);
    expect(twenty.report.models).toHaveLength(20);
    expect(twenty.report.conclusion).toBe(one.report.conclusion);
    expect(twenty.reads).toBe(one.reads);
    expect(one.reads).toBeLessThanOrEqual(MAX_READ_ROUNDS);
    expect(MAX_READ_ROUNDS).toBe(3);
  });

  it("reads every file the gates need: a clean PR stays clean across all layouts", async () => {
    for (const row of rows) {
      const { report } = await runEngine(row.pr(3));
      expect(report.findings.filter((f) => f.severity === "error").map((f) => f.code)).toEqual(
        row.name.startsWith("a metrics file")
          ? ["version.not-bumped", "version.not-bumped", "version.not-bumped"]
          : [],
      );
    }
  });

  it("makes no read when nothing changed", async () => {
    const tree = { ...models(2), ".github/modelgate.yml": "version: 1\n" };
    expect((await runEngine({ base: tree, head: tree })).reads).toBe(0);
  });

  it("reads the policy in the first batch when the PR changes it", async () => {
    const tree = { ...models(2), ".github/modelgate.yml": "version: 1\n" };
    const run = await runEngine({
      base: tree,
      head: { ...tree, ".github/modelgate.yml": "version: 1\n# edited\n" },
    });
    expect(run.reads).toBe(1);
    expect(run.report.findings.map((f) => f.code)).toEqual(["policy.changed"]);
  });
});
