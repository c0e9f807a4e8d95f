import { describe, expect, it } from "vitest";
import type { Tree } from "../engine/memory-snapshot.ts";
import { codesOf, runEngine } from "../engine/run-engine.ts";
import { edit, fixtureTree } from "./fixture-tree.ts";

const base = fixtureTree("dvc/churn");
const TAGS = [
  "churn-model@v1.0.0",
  "churn-model@v1.2.0",
  "churn-model@v1.1.0-rc.1",
  "churn-model#prod#3",
  "other@v9.0.0",
];

/** A retrain: the model's md5 in dvc.lock (twice: train's out, evaluate's dep). */
const retrained = (t: Tree): Tree =>
  edit(
    edit(t, "dvc.lock", "d1f6e055f7f5e2827fcfae68d9b64d4c", "aaaa055f7f5e2827fcfae68d9b64d4c0"),
    "dvc.lock",
    "d1f6e055f7f5e2827fcfae68d9b64d4c",
    "aaaa055f7f5e2827fcfae68d9b64d4c0",
  );

interface Row {
  name: string;
  head: Tree;
  changes: string[];
  codes: string[];
  conclusion?: string;
}

// SPEC §1.4: kinds of change from dvc.lock and .dvc files; md5 is a pinned hash.
const rows: Row[] = [
  {
    name: "params: a locked param of the training stage",
    head: retrained(
      edit(
        edit(base, "dvc.lock", "train.n_est: 50", "train.n_est: 80"),
        "params.yaml",
        "n_est: 50",
        "n_est: 80",
      ),
    ),
    changes: ["params", "artifacts"],
    codes: ["doc.missing-card", "version.register"],
  },
  {
    name: "data: an upstream stage's data dependency",
    head: retrained(
      edit(base, "dvc.lock", "0b6c9c8b3a1f4e2d5c6b7a8f9e0d1c2b", "1b6c9c8b3a1f4e2d5c6b7a8f9e0d1c2b"),
    ),
    changes: ["data", "artifacts"],
    codes: ["doc.missing-card", "version.register"],
  },
  {
    name: "data: an import's rev_lock in its .dvc file",
    head: edit(base, "data/customers.csv.dvc", "rev_lock: f59388cd", "rev_lock: 059388cd"),
    changes: ["data"],
    codes: ["doc.missing-card", "version.register"],
  },
  {
    name: "code: a source file dependency's md5",
    head: edit(base, "dvc.lock", "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49", "0c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49"),
    changes: ["code"],
    codes: ["doc.missing-card", "version.register"],
  },
  {
    name: "code: a source file changed though dvc.lock was not regenerated",
    head: { ...base, "src/train.py": "import sys, os\n" },
    changes: ["code"],
    codes: ["doc.missing-card", "version.register"],
  },
  {
    name: "metrics: the metrics file in git",
    head: edit(base, "eval/metrics.json", '"test": 0.93', '"test": 0.94'),
    changes: ["metrics"],
    codes: ["doc.missing-card", "version.register"],
  },
  {
    name: "nothing the model depends on: a README",
    head: { ...base, "README.md": "# churn\n\nMore words.\n" },
    changes: [],
    codes: [],
    conclusion: "neutral",
  },
];

describe("dvc source", () => {
  it.each(rows)("$name", async (row) => {
    const { report } = await runEngine({ base, head: row.head, tags: TAGS });
    expect(report.conclusion).toBe(row.conclusion ?? "success");
    expect(codesOf(report)).toEqual(row.codes.sort());
    if (row.conclusion === "neutral") return expect(report.models).toEqual([]);
    expect(report.models.map((m) => [m.name, m.source, m.card])).toEqual([
      ["churn-model", "dvc", "dvc.yaml"],
    ]);
    expect(report.models[0]?.changes).toEqual(row.changes);
    expect(report.models[0]?.baseVersion).toBe("1.2.0");
  });

  it("says which version to register, from the highest GTO tag and the kinds of change", async () => {
    const head = retrained(edit(base, "dvc.lock", "train.n_est: 50", "train.n_est: 80"));
    const { report } = await runEngine({ base, head, tags: TAGS });
    const notice = report.findings.find((f) => f.code === "version.register");
    expect(notice?.severity).toBe("notice");
    expect(notice?.message).toContain("gto register churn-model v1.3.0");
    expect(notice?.line).toBe(3);
  });

  it("meta.version is the version, and is gated like a card's", async () => {
    const withVersion = (t: Tree, v: string) =>
      edit(t, "dvc.yaml", "    type: model\n", `    type: model\n    meta: { version: ${v} }\n`);
    const head = withVersion(retrained(base), "1.0.0");
    const { report } = await runEngine({ base: withVersion(base, "1.0.0"), head });
    expect(codesOf(report)).toEqual(["doc.missing-card", "version.not-bumped"]);
    const ok = await runEngine({
      base: withVersion(base, "1.0.0"),
      head: withVersion(retrained(base), "1.0.1"),
    });
    expect(codesOf(ok.report)).toEqual(["doc.missing-card"]);
  });

  it("a listed metrics file that is not in git is a notice, never a silent pass", async () => {
    const noMetrics = Object.fromEntries(Object.entries(base).filter(([p]) => p !== "eval/metrics.json"));
    const { report } = await runEngine({ base: noMetrics, head: retrained(noMetrics), tags: TAGS });
    const f = report.findings.find((x) => x.code === "eval.metrics-not-in-git");
    expect(f).toMatchObject({ severity: "notice", file: "dvc.yaml" });
    expect(f?.message).toContain("dvc pull");
  });

  it("a card beside the artifact documents it; require_card makes a missing card an error", async () => {
    const strict = await runEngine({
      base,
      head: retrained(base),
      tags: TAGS,
      policy: "gates: { documentation: { require_card: true } }",
    });
    expect(strict.report.findings.find((f) => f.code === "doc.missing-card")?.severity).toBe("error");
    expect(strict.report.conclusion).toBe("failure");
    const card = '---\nname: churn-model\nlicense: mit\nowners: ["@acme/ml"]\n---\n# churn\n';
    const withCard = { ...retrained(base), "models/MODEL_CARD.md": card };
    const { report } = await runEngine({
      base: { ...base, "models/MODEL_CARD.md": card },
      head: withCard,
      tags: TAGS,
    });
    expect(report.models.map((m) => m.source)).toEqual(["dvc"]);
    expect(codesOf(report)).toContain("doc.missing-section");
    expect(codesOf(report)).not.toContain("doc.missing-card");
  });

  it("removing dvc from paths.sources ignores the format", async () => {
    const { report } = await runEngine({
      base,
      head: retrained(base),
      policy: "paths: { sources: [native, mlflow, huggingface] }",
    });
    expect(report.conclusion).toBe("neutral");
  });

  it("a broken dvc.yaml is a finding with its line", async () => {
    const { report } = await runEngine({ base, head: { ...base, "dvc.yaml": "artifacts:\n  m: [\n" } });
    expect(report.findings.map((f) => [f.code, f.file])).toContainEqual(["parse.yaml", "dvc.yaml"]);
  });

  describe("a native manifest of a DVC model (SPEC §1.4: card and manifest take precedence field by field)", () => {
    const manifest = [
      "model: churn-model",
      "run: { id: churn-2026-11-20, url: https://mlflow.example/runs/7, tracker: mlflow }",
      "code: { commit: 9f2c1e4b7a0d3c5e8f1a2b4c6d8e0f1a3b5c7d9e, seed: 42 }",
      "metrics:",
      "  - { name: accuracy, value: 0.91, n: 5000 }",
      "",
    ].join("\n");
    const withManifest = (t: Tree, path = "models/experiment.yaml", text = manifest): Tree => ({
      ...t,
      [path]: text,
    });

    it("beside the artifact: the model's manifest, its fields first, dvc.lock's for the rest", async () => {
      const head = edit(
        withManifest(retrained(base)),
        "models/experiment.yaml",
        "value: 0.91",
        "value: 0.88",
      );
      const { report } = await runEngine({ base: withManifest(base), head, tags: TAGS });
      expect(report.models.map((m) => [m.name, m.source, m.manifest])).toEqual([
        ["churn-model", "dvc", "models/experiment.yaml"],
      ]);
      // Its metrics replace the DVC metrics file's; its run URL is shown.
      expect(report.metrics.map((m) => [m.name, m.base, m.head])).toEqual([["accuracy", 0.91, 0.88]]);
      expect(report.models[0]?.runUrl).toBe("https://mlflow.example/runs/7");
      // dvc.lock still says what changed; the data it pins are still its own.
      expect(report.models[0]?.changes).toEqual(expect.arrayContaining(["artifacts", "metrics"]));
      expect(codesOf(report)).not.toContain("lineage.orphan-manifest");
      expect(codesOf(report)).toContain("eval.unguarded-drop");
    });

    it("a change to the manifest alone touches the model", async () => {
      const head = edit(withManifest(base), "models/experiment.yaml", "seed: 42", "seed: 43");
      const { report } = await runEngine({ base: withManifest(base), head, tags: TAGS });
      expect(report.models.map((m) => [m.name, m.manifest])).toEqual([
        ["churn-model", "models/experiment.yaml"],
      ]);
      expect(report.conclusion).toBe("success");
    });

    it("linked by the card's experiment, wherever it is", async () => {
      const card =
        '---\nname: churn-model\nlicense: mit\nowners: ["@acme/ml"]\nexperiment: /runs/churn/experiment.yaml\n---\n# churn\n';
      const tree = (t: Tree) => withManifest({ ...t, "models/MODEL_CARD.md": card }, "runs/churn/experiment.yaml");
      const head = edit(tree(base), "runs/churn/experiment.yaml", "value: 0.91", "value: 0.92");
      const { report } = await runEngine({ base: tree(base), head, tags: TAGS });
      expect(report.models.map((m) => [m.name, m.source, m.card, m.manifest])).toEqual([
        ["churn-model", "dvc", "models/MODEL_CARD.md", "runs/churn/experiment.yaml"],
      ]);
      expect(report.metrics.map((m) => [m.name, m.base, m.head])).toEqual([["accuracy", 0.91, 0.92]]);
      expect(codesOf(report)).not.toContain("lineage.orphan-manifest");
    });

    it("a manifest beside it that names another model is not its own", async () => {
      const other = manifest.replace("model: churn-model", "model: fraud");
      const { report } = await runEngine({
        base: withManifest(base, "models/experiment.yaml", other),
        head: withManifest(retrained(base), "models/experiment.yaml", other),
        tags: TAGS,
      });
      // The lineage is dvc.lock's, as without a manifest.
      expect(report.models.map((m) => [m.name, m.manifest])).toEqual([["churn-model", "dvc.lock"]]);
    });

    it("without one, the model's lineage is dvc.lock's, as before", async () => {
      const { report } = await runEngine({ base, head: retrained(base), tags: TAGS });
      expect(report.models.map((m) => m.manifest)).toEqual(["dvc.lock"]);
    });
  });
});
