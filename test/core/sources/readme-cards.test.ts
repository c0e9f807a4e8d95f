import { describe, expect, it } from "vitest";
import { Policy } from "../../../src/core/policy/schema.ts";
import type { Tree } from "../engine/memory-snapshot.ts";
import { codesOf, runEngine } from "../engine/run-engine.ts";
import { edit, fixtureTree } from "./fixture-tree.ts";

/** A Hugging Face model repository: its README.md is the card. */
const hub = fixtureTree("huggingface/hub-model");
const bump = (t: Tree): Tree => edit(t, "README.md", "version: 1.0.0", "version: 1.0.1");
const DOCS_README = "# Tools\n\nHow to run the scripts in this folder.\n";
const JEKYLL_README = "---\ntitle: Tools\nlayout: page\n---\n\n# Tools\n";
const DVC = fixtureTree("dvc/churn");

interface Row {
  name: string;
  base: Tree;
  head: Tree;
  policy?: string;
  conclusion: "success" | "failure" | "neutral";
  models: string[];
  codes: string[];
}

// SPEC §2: `**/README.md` is in the default card globs, sniffed (§1.1): only a README whose front
// matter has model-index, pipeline_tag, library_name or base_model is a card.
const rows: Row[] = [
  {
    name: "a Hugging Face README.md is a card with the default policy",
    base: hub,
    head: bump(edit(hub, "README.md", "value: 0.874", "value: 0.881")),
    conclusion: "failure",
    models: ["acme-chat-1b (huggingface)"],
    // The default policy asks for owners and a manifest, which Hub repositories rarely have.
    codes: ["doc.no-owner", "lineage.missing-manifest"],
  },
  {
    name: "a plain README.md edit is neutral",
    base: { "README.md": DOCS_README, "train.py": "print(1)\n" },
    head: { "README.md": `${DOCS_README}More.\n`, "train.py": "print(1)\n" },
    conclusion: "neutral",
    models: [],
    codes: [],
  },
  {
    name: "a README.md with front matter that is not a Hugging Face card's is not a card",
    base: { "docs/README.md": JEKYLL_README },
    head: { "docs/README.md": `${JEKYLL_README}More.\n` },
    conclusion: "neutral",
    models: [],
    codes: [],
  },
  {
    name: "a file beside a plain README.md is not a model's file",
    base: { "tools/README.md": DOCS_README, "tools/run.sh": "echo 1\n" },
    head: { "tools/README.md": DOCS_README, "tools/run.sh": "echo 2\n" },
    conclusion: "neutral",
    models: [],
    codes: [],
  },
  {
    name: "a README.md over 1 MiB cannot be sniffed: a warning, never an error",
    base: { "docs/README.md": DOCS_README },
    head: { "docs/README.md": `${DOCS_README}${"x".repeat(1024 * 1024)}\n` },
    conclusion: "success",
    models: [],
    codes: ["parse.too-large"],
  },
  {
    name: "a README.md whose front matter names a card key but is broken is a card's parse error",
    base: {},
    head: { "models/m/README.md": "---\nlibrary_name: [transformers\n---\n# m\n" },
    conclusion: "failure",
    models: [],
    codes: ["parse.yaml"],
  },
  {
    name: "without the huggingface source a Hugging Face README.md is not a model",
    base: hub,
    head: bump(edit(hub, "README.md", "value: 0.874", "value: 0.881")),
    policy: "version: 1\npaths:\n  sources: [native, dvc, mlflow]\n",
    conclusion: "neutral",
    models: [],
    codes: [],
  },
  {
    name: "a plain README.md beside a DVC model's artifact is not a change to the model",
    base: { ...DVC, "models/README.md": DOCS_README },
    head: { ...DVC, "models/README.md": `${DOCS_README}More.\n` },
    conclusion: "neutral",
    models: [],
    codes: [],
  },
];

describe("README.md in the default card globs, sniffed", () => {
  it("the default globs list **/README.md (SPEC §2)", () => {
    expect(Policy.parse({}).paths.model_cards).toContain("**/README.md");
  });

  it.each(rows)("$name", async (row) => {
    const { report } = await runEngine({
      base: row.base,
      head: row.head,
      ...(row.policy ? { policy: row.policy } : {}),
    });
    expect(codesOf(report)).toEqual(row.codes);
    expect(report.conclusion).toBe(row.conclusion);
    expect(report.models.map((m) => `${m.name} (${m.source})`)).toEqual(row.models);
  });

  // SPEC §1.1: a card at the repository root without a name is named after the repository.
  it("a root card with neither name nor model-index is named after the repository", async () => {
    const card = (v: string) => `---\nlicense: mit\nlibrary_name: transformers\nversion: ${v}\n---\n# m\n`;
    const run = { base: { "README.md": card("1.0.0") }, head: { "README.md": card("1.0.1") } };
    const named = await runEngine({ ...run, options: { repository: "tiny-bert" } });
    expect(named.report.models.map((m) => m.name)).toEqual(["tiny-bert"]);
    const unnamed = await runEngine(run);
    expect(unnamed.report.models.map((m) => m.name)).toEqual(["README"]);
    const nested = await runEngine({
      base: { "models/a/README.md": card("1.0.0") },
      head: { "models/a/README.md": card("1.0.1") },
      options: { repository: "tiny-bert" },
    });
    expect(nested.report.models.map((m) => m.name)).toEqual(["a"]);
  });
});
