import { describe, expect, it } from "vitest";
import type { Conclusion } from "../../../src/core/report.ts";
import type { Tree } from "./memory-snapshot.ts";
import { cardText, manifestText, metricsText, model, README } from "./repo-builders.ts";
import { codesOf, runEngine } from "./run-engine.ts";

/** Which models a PR touches, with what baseline, and how it concludes: one small repository per row. */

const A = "models/a";
const base: Tree = { ...README, ...model(A, { name: "a" }) };
const without = (tree: Tree, ...paths: string[]): Tree =>
  Object.fromEntries(Object.entries(tree).filter(([p]) => !paths.includes(p)));
const moved = (tree: Tree, from: string, to: string): Tree =>
  Object.fromEntries(
    Object.entries(tree).map(([p, t]) => [p.startsWith(`${from}/`) ? to + p.slice(from.length) : p, t]),
  );

interface Row {
  name: string;
  base?: Tree;
  head: Tree;
  policy?: string;
  conclusion: Conclusion;
  codes: string[];
  /** Evaluated models as `name base_version→version [changes]`. */
  models: string[];
}

const nested: Tree = {
  ...base,
  [`${A}/sub/model-card.yml`]: [
    "name: a-sub",
    "version: 1.0.0",
    "license: mit",
    "owners: ['@acme/ml']",
    "body: |",
    "  ## Intended use",
    "  Scores the sub-population only; the parent model handles everything else in production.",
    "  ## Limitations",
    "  Trained on one market only; it must not be used for the other markets, where it is untested.",
    "  ## Training data",
    "  Six months of labelled events from one market, de-duplicated per customer and per day.",
    "  ## Evaluation",
    "  AUC on a held-out month of the same market, overall; see the manifest for the numbers.",
    "",
  ].join("\n"),
  [`${A}/sub/experiment.yaml`]: manifestText({ name: "a-sub" }),
  [`${A}/sub/metrics.json`]: metricsText({ name: "a-sub" }),
  [`${A}/sub/notes.txt`]: "v1\n",
};

const rows: Row[] = [
  {
    name: "a README edit is neutral",
    head: { ...base, "README.md": "# changed\n" },
    conclusion: "neutral",
    codes: [],
    models: [],
  },
  { name: "nothing changes", head: base, conclusion: "neutral", codes: [], models: [] },
  {
    name: "a clean bump succeeds",
    head: { ...base, ...model(A, { name: "a", version: "1.1.0", learningRate: 0.2 }) },
    conclusion: "success",
    codes: [],
    models: ["a 1.0.0→1.1.0 [params]"],
  },
  {
    name: "a prose edit of the card needs no new version",
    head: { ...base, [`${A}/MODEL_CARD.md`]: cardText({ name: "a", prose: "A clarified sentence." }) },
    conclusion: "success",
    codes: [],
    models: ["a 1.0.0→1.0.0 []"],
  },
  {
    name: "a changed metrics file alone finds its model (card unchanged)",
    head: { ...base, [`${A}/metrics.json`]: metricsText({ name: "a", auc: 0.91 }) },
    conclusion: "failure",
    codes: ["version.not-bumped"],
    models: ["a 1.0.0→1.0.0 [metrics]"],
  },
  {
    name: "any file in the card's folder touches the model",
    head: { ...base, [`${A}/model.onnx`]: "weights" },
    conclusion: "success",
    codes: [],
    models: ["a 1.0.0→1.0.0 []"],
  },
  {
    name: "a new model has no baseline",
    head: { ...base, ...model("models/b", { name: "b", version: "0.1.0" }) },
    conclusion: "success",
    codes: [],
    models: ["b null→0.1.0 []"],
  },
  {
    name: "a moved card folder keeps its baseline",
    head: moved(base, A, "models/renamed"),
    conclusion: "success",
    codes: [],
    models: ["a 1.0.0→1.0.0 []"],
  },
  {
    name: "a moved card folder is still judged against its baseline",
    head: {
      ...moved(base, A, "models/renamed"),
      "models/renamed/experiment.yaml": manifestText({ name: "a", learningRate: 0.3 }),
    },
    conclusion: "failure",
    codes: ["version.not-bumped"],
    models: ["a 1.0.0→1.0.0 [params]"],
  },
  {
    name: "a nested card folder owns its files",
    base: nested,
    head: { ...nested, [`${A}/sub/notes.txt`]: "v2\n" },
    conclusion: "success",
    codes: [],
    models: ["a-sub 1.0.0→1.0.0 []"],
  },
  {
    name: "a change beside the outer card touches only the outer model",
    base: nested,
    head: { ...nested, [`${A}/metrics.json`]: metricsText({ name: "a", auc: 0.95 }) },
    conclusion: "failure",
    codes: ["version.not-bumped"],
    models: ["a 1.0.0→1.0.0 [metrics]"],
  },
  {
    name: "a manifest is found beside the card by its `model` key",
    base: { ...base, [`${A}/MODEL_CARD.md`]: cardText({ name: "a", experiment: null }) },
    head: {
      ...base,
      [`${A}/MODEL_CARD.md`]: cardText({ name: "a", experiment: null, version: "1.1.0" }),
      [`${A}/experiment.yaml`]: manifestText({ name: "a", learningRate: 0.5 }),
    },
    conclusion: "success",
    codes: [],
    models: ["a 1.0.0→1.1.0 [params]"],
  },
  {
    name: "a manifest no card claims is an orphan",
    head: { ...base, "models/ghost/experiment.yaml": manifestText({ name: "ghost" }) },
    conclusion: "failure",
    codes: ["lineage.orphan-manifest"],
    models: [],
  },
  {
    name: "a manifest beside a card that names another model is an orphan",
    base: { ...base, [`${A}/MODEL_CARD.md`]: cardText({ name: "a", experiment: null }) },
    head: {
      ...base,
      [`${A}/MODEL_CARD.md`]: cardText({ name: "a", experiment: null }),
      [`${A}/experiment.yaml`]: manifestText({ name: "someone-else" }),
    },
    conclusion: "failure",
    codes: ["lineage.missing-manifest", "lineage.orphan-manifest"],
    models: ["a 1.0.0→1.0.0 []"],
  },
  {
    name: "a manifest naming the card beside it is no orphan when the card's `experiment` dangles",
    head: {
      ...base,
      [`${A}/MODEL_CARD.md`]: cardText({ name: "a", experiment: "runs/experiment.yaml" }),
      [`${A}/experiment.yaml`]: manifestText({ name: "a", learningRate: 0.5 }),
    },
    conclusion: "failure",
    codes: ["lineage.dangling-ref"],
    models: ["a 1.0.0→1.0.0 []"],
  },
  {
    name: "a changed manifest beside an unreadable card is no orphan: the card's parse error is the finding",
    head: {
      ...base,
      [`${A}/MODEL_CARD.md`]: `${cardText({ name: "a" })}\n${"x".repeat(1024 * 1024)}\n`,
      [`${A}/experiment.yaml`]: manifestText({ name: "a", learningRate: 0.5 }),
    },
    conclusion: "failure",
    codes: ["parse.too-large"],
    models: [],
  },
  {
    name: "a card's `experiment` links a manifest whatever its `model` says",
    head: { ...base, [`${A}/experiment.yaml`]: manifestText({ name: "someone-else" }) },
    conclusion: "success",
    codes: [],
    models: ["a 1.0.0→1.0.0 []"],
  },
  {
    name: "paths.ignore hides a change",
    head: { ...base, [`${A}/metrics.json`]: metricsText({ name: "a", auc: 0.5 }) },
    policy: "paths: { ignore: ['models/a/**'] }",
    conclusion: "neutral",
    codes: [],
    models: [],
  },
  {
    name: "paths.ignore hides only what it matches",
    head: { ...base, [`${A}/metrics.json`]: metricsText({ name: "a", auc: 0.91 }) },
    policy: "paths: { ignore: ['docs/**'] }",
    conclusion: "failure",
    codes: ["version.not-bumped"],
    models: ["a 1.0.0→1.0.0 [metrics]"],
  },
  {
    name: "a card over 1 MiB is not read",
    head: { ...base, [`${A}/MODEL_CARD.md`]: `${cardText({ name: "a" })}\n${"x".repeat(1024 * 1024)}\n` },
    conclusion: "failure",
    codes: ["parse.too-large"],
    models: [],
  },
  {
    name: "a metrics file over 1 MiB named by the manifest is not read",
    head: { ...base, [`${A}/metrics.json`]: `{"auc": 0.9, "pad": "${"x".repeat(1024 * 1024)}"}` },
    conclusion: "failure",
    // Its values are unknown at head, so the metrics did change: the version must still move.
    codes: ["parse.too-large", "version.not-bumped"],
    models: ["a 1.0.0→1.0.0 [metrics]"],
  },
  {
    name: "a large data file beside the card is not a parse error",
    head: { ...base, [`${A}/predictions.json`]: `[${"1,".repeat(600_000)}1]` },
    conclusion: "success",
    codes: [],
    models: ["a 1.0.0→1.0.0 []"],
  },
  {
    name: "a large JSON file outside any model is neutral",
    head: { ...base, "data/sample.json": `[${"1,".repeat(600_000)}1]` },
    conclusion: "neutral",
    codes: [],
    models: [],
  },
  {
    name: "a card with malformed YAML front matter",
    head: { ...base, [`${A}/MODEL_CARD.md`]: "---\nname: a\nversion: [1.0.0\n---\n# a\n" },
    conclusion: "failure",
    codes: ["parse.yaml"],
    models: [],
  },
  {
    name: "a removed card is reported, not neutral",
    head: without(base, `${A}/MODEL_CARD.md`),
    conclusion: "success",
    codes: [],
    models: [],
  },
];

describe("evaluatePr: models touched and conclusion", () => {
  it.each(rows)("$name", async (row) => {
    const { report } = await runEngine({
      base: row.base ?? base,
      head: row.head,
      ...(row.policy ? { policy: row.policy } : {}),
    });
    expect(codesOf(report)).toEqual([...row.codes].sort());
    expect(report.conclusion).toBe(row.conclusion);
    expect(
      report.models.map((m) => `${m.name} ${m.baseVersion}→${m.version} [${m.changes.join(",")}]`),
    ).toEqual(row.models);
  });
});

describe("evaluatePr: a manifest kept away from its card", () => {
  // experiments/ holds the runs, models/ the cards: the card links its run by a root path.
  const E = "experiments/a";
  const split = (spec: {
    version?: string;
    learningRate?: number;
    manifestModel?: string;
    experiment?: string | null;
  }): Tree => ({
    ...README,
    [`${A}/MODEL_CARD.md`]: cardText({
      name: "a",
      version: spec.version ?? "1.0.0",
      experiment: spec.experiment === undefined ? `/${E}/experiment.yaml` : spec.experiment,
    }),
    [`${E}/experiment.yaml`]: manifestText({
      name: spec.manifestModel ?? "a",
      learningRate: spec.learningRate ?? 0.1,
    }).replace("metrics_file: metrics.json", "metrics_file: metrics.json"),
    [`${E}/metrics.json`]: metricsText({ name: "a" }),
  });

  it.each([
    {
      name: "linked by the card's `experiment`: the model is gated (an unbumped params change)",
      head: split({ learningRate: 0.2 }),
      codes: ["version.not-bumped"],
      models: ["a 1.0.0→1.0.0 [params]"],
    },
    {
      name: "linked by the card's `experiment`, with the bump: success",
      head: {
        ...split({ learningRate: 0.2 }),
        [`${A}/MODEL_CARD.md`]: cardText({
          name: "a",
          version: "1.1.0",
          experiment: `/${E}/experiment.yaml`,
        }),
      },
      codes: [],
      models: ["a 1.0.0→1.1.0 [params]"],
    },
    {
      name: "named by the manifest's `model`, the card has no `experiment`",
      base: split({ experiment: null }),
      head: split({ experiment: null, learningRate: 0.2 }),
      codes: ["version.not-bumped"],
      models: ["a 1.0.0→1.0.0 [params]"],
    },
    {
      name: "a manifest that names no card anywhere is an orphan",
      head: split({ learningRate: 0.2, manifestModel: "ghost", experiment: null }),
      base: split({ experiment: null }),
      codes: ["lineage.orphan-manifest"],
      models: [],
    },
  ])("$name", async (row) => {
    const { report } = await runEngine({ base: row.base ?? split({}), head: row.head });
    expect(codesOf(report)).toEqual([...row.codes].sort());
    expect(
      report.models.map((m) => `${m.name} ${m.baseVersion}→${m.version} [${m.changes.join(",")}]`),
    ).toEqual(row.models);
  });
});
