import { describe, expect, it } from "vitest";
import type { Tree } from "../engine/memory-snapshot.ts";
import { cardText, manifestText, metricsText, model } from "../engine/repo-builders.ts";
import { codesOf, runEngine } from "../engine/run-engine.ts";

/** A model whose card is at the repository root, linking its manifest in runs/. */
const rootModel = (spec: { version?: string; learningRate?: number } = {}): Tree => ({
  "MODEL_CARD.md": cardText({ name: "root-model", experiment: "runs/experiment.yaml", ...spec }),
  "runs/experiment.yaml": manifestText({ name: "root-model", ...spec }),
  "runs/metrics.json": metricsText({ name: "root-model" }),
  "scripts/train.sh": "#!/bin/sh\npython train.py\n",
});

interface Row {
  name: string;
  base: Tree;
  head: Tree;
  conclusion: "success" | "failure" | "neutral";
  models: string[];
  codes: string[];
}

// SPEC §1.1: a root card owns only itself and the files it links; identity is the card's path.
const rows: Row[] = [
  {
    name: "a root card does not own a shell script beside nothing",
    base: rootModel(),
    head: { ...rootModel(), "scripts/train.sh": "#!/bin/sh\npython train.py --fast\n" },
    conclusion: "neutral",
    models: [],
    codes: [],
  },
  {
    name: "a root card owns the manifest it links",
    base: rootModel(),
    head: rootModel({ version: "1.1.0", learningRate: 0.3 }),
    conclusion: "success",
    models: ["root-model"],
    codes: [],
  },
  {
    name: "a root card owns the metrics file its manifest links",
    base: rootModel(),
    head: {
      ...rootModel({ version: "1.0.1" }),
      "runs/metrics.json": metricsText({ name: "root-model", auc: 0.91 }),
    },
    conclusion: "success",
    models: ["root-model"],
    codes: [],
  },
  {
    name: "a root card owns its linked manifest even when the card itself is unchanged",
    base: rootModel(),
    head: { ...rootModel(), "runs/experiment.yaml": manifestText({ name: "root-model", learningRate: 0.3 }) },
    conclusion: "failure",
    models: ["root-model"],
    codes: ["version.not-bumped"],
  },
  {
    name: "a card in a folder still owns its folder",
    base: model("models/a", { name: "a" }),
    head: { ...model("models/a", { name: "a" }), "models/a/notes.txt": "x" },
    conclusion: "success",
    models: ["a"],
    codes: [],
  },
  {
    name: "two cards with one name: the second in path order is an error, both are checked",
    base: {},
    head: { ...model("models/a", { name: "twin" }), ...model("models/b", { name: "twin" }) },
    conclusion: "failure",
    models: ["twin", "twin"],
    codes: ["model.duplicate-name"],
  },
  {
    name: "a README.md without Hugging Face keys is not a card",
    base: { "docs/README.md": "# docs\n", "docs/a.txt": "a" },
    head: { "docs/README.md": "# docs\n", "docs/a.txt": "b" },
    conclusion: "neutral",
    models: [],
    codes: [],
  },
];

describe("which files a card owns", () => {
  it.each(rows)("$name", async (row) => {
    const { report } = await runEngine({ base: row.base, head: row.head });
    expect(report.conclusion).toBe(row.conclusion);
    expect(report.models.map((m) => m.name)).toEqual(row.models);
    expect(codesOf(report)).toEqual(row.codes);
  });

  it("names the card second in path order, on its name line, and the first in the message", async () => {
    const { report } = await runEngine({
      base: {},
      head: { ...model("models/b", { name: "twin" }), ...model("models/a", { name: "twin" }) },
    });
    const dup = report.findings.find((f) => f.code === "model.duplicate-name");
    expect(dup?.file).toBe("models/b/MODEL_CARD.md");
    expect(dup?.line).toBe(2);
    expect(dup?.message).toContain("models/a/MODEL_CARD.md");
    expect(report.models.map((m) => m.card).sort()).toEqual([
      "models/a/MODEL_CARD.md",
      "models/b/MODEL_CARD.md",
    ]);
  });
});
