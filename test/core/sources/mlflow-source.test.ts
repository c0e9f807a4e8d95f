import { describe, expect, it } from "vitest";
import { decodeSignature } from "../../../src/core/sources/mlflow/decode-signature.ts";
import type { Tree } from "../engine/memory-snapshot.ts";
import { codesOf, runEngine } from "../engine/run-engine.ts";
import { edit, fixtureTree } from "./fixture-tree.ts";

const base = fixtureTree("mlflow/wine");
const SAVED = "models/wine-quality/MLmodel";

/** A new run 9c2d logged after 8a1b, with its own metrics and model. */
const newRun = (r2: number, inputs?: string): Tree => {
  let model = edit(base, "mlruns/1/8a1b/artifacts/model/MLmodel", "run_id: 8a1b", "run_id: 9c2d")[
    "mlruns/1/8a1b/artifacts/model/MLmodel"
  ] as string;
  model = model
    .replace("2025-05-31 12:52:06.000000", "2025-06-02 09:00:00.000000")
    .replace("e6f66f30", "0000aaaa");
  if (inputs) model = model.replace(/inputs: '[^']*'/s, `inputs: '${inputs}'`);
  return {
    ...base,
    "mlruns/1/9c2d/artifacts/model/MLmodel": model,
    "mlruns/1/9c2d/meta.yaml": "run_id: 9c2d\nexperiment_id: '1'\n",
    "mlruns/1/9c2d/metrics/r2": `1748800000000 ${r2} 0\n`,
    "mlruns/1/9c2d/metrics/rmse": "1748800000000 0.50 0\n",
    "mlruns/1/9c2d/params/n_estimators": "200",
    "mlruns/1/9c2d/tags/mlflow.source.git.commit": "1f2c1e4b7a0d3c5e8f1a2b4c6d8e0f1a3b5c7d9e",
  };
};

describe("mlflow source", () => {
  it("a new run is a new version of <experiment name>/<artifact_path>, compared with the base's newest run", async () => {
    const { report } = await runEngine({ base, head: newRun(0.76) });
    expect(report.models.map((m) => [m.name, m.source, m.card])).toEqual([
      ["wine-quality/model", "mlflow", "mlruns/1/9c2d/artifacts/model/MLmodel"],
    ]);
    expect(report.models[0]?.changes).toEqual(["params", "artifacts", "metrics", "code"]);
    const r2 = report.metrics.find((m) => m.name === "r2");
    expect([r2?.base, r2?.head]).toEqual([0.74, 0.76]);
    expect(codesOf(report)).toEqual([
      "doc.missing-card",
      "lineage.missing-field",
      "lineage.missing-field",
      "version.register",
    ]);
  });

  it("signatures are decoded from their JSON strings: a removed input is a signature change", async () => {
    const inputs = '[{"type": "double", "name": "alcohol", "required": true}]';
    const { report } = await runEngine({ base, head: newRun(0.74, inputs) });
    expect(report.models[0]?.changes).toContain("signature");
  });

  it("save_model outside mlruns: named by its folder; a changed file beside it touches it", async () => {
    const { report } = await runEngine({
      base,
      head: { ...base, "models/wine-quality/conda.yaml": "name: other\n" },
    });
    expect(report.models.map((m) => [m.name, m.source])).toEqual([["wine-quality", "mlflow"]]);
    expect(report.models[0]?.changes).toEqual([]);
  });

  it("a card beside a saved model names and documents it", async () => {
    const card = '---\nname: wine\nversion: 1.0.0\nlicense: mit\nowners: ["@acme/ml"]\n---\n# wine\n';
    const withCard = { ...base, "models/wine-quality/MODEL_CARD.md": card };
    const { report } = await runEngine({
      base: withCard,
      head: edit(withCard, SAVED, "e6f66f30", "00000000"),
    });
    expect(report.models.map((m) => [m.name, m.source])).toEqual([["wine", "mlflow"]]);
    expect(codesOf(report)).toContain("version.not-bumped");
    expect(codesOf(report)).not.toContain("doc.missing-card");
  });

  it("SPEC §1.3: base runs beyond the 50 read are counted, never left out in silence", async () => {
    const withRuns = (t: Tree, count: number): Tree => {
      const out = { ...t };
      const model = base["mlruns/1/8a1b/artifacts/model/MLmodel"] as string;
      for (let i = 0; i < count; i++) {
        const id = `7${String(i).padStart(3, "0")}`;
        out[`mlruns/1/${id}/artifacts/model/MLmodel`] = model
          .replace("run_id: 8a1b", `run_id: ${id}`)
          .replace(
            "2025-05-31 12:52:06.000000",
            `2025-05-01 00:${String(i % 60).padStart(2, "0")}:00.000000`,
          );
        out[`mlruns/1/${id}/meta.yaml`] = `run_id: ${id}\nexperiment_id: '1'\n`;
      }
      return out;
    };
    // 8a1b and 59 older runs at base: 60 runs, 10 not read.
    const many = withRuns(base, 59);
    const { report } = await runEngine({ base: many, head: { ...newRun(0.76), ...withRuns({}, 59) } });
    const capped = report.findings.filter((f) => f.code === "model.not-checked");
    expect(capped.map((f) => [f.severity, f.model, f.file])).toEqual([
      ["warning", "wine-quality/model", "mlruns/1/9c2d/artifacts/model/MLmodel"],
    ]);
    expect(capped[0]?.message).toMatch(
      /^10 of the base's 60 runs of wine-quality\/model were not read \(at most 50 are\)/,
    );
    // 50 runs at base: every one is read, and nothing is said.
    const fifty = await runEngine({
      base: withRuns(base, 49),
      head: { ...newRun(0.76), ...withRuns({}, 49) },
    });
    expect(codesOf(fifty.report)).not.toContain("model.not-checked");
    expect(fifty.report.models.map((m) => m.name)).toEqual(["wine-quality/model"]);
  });

  it("a model saved at the repository root is touched by what save_model wrote, not by every root file", async () => {
    const model = base[SAVED] as string;
    const root: Tree = {
      MLmodel: model,
      "conda.yaml": "name: m\n",
      "README.md": "# m\n",
      MLproject: "name: m\n",
    };
    const readme = await runEngine({ base: root, head: { ...root, "README.md": "# m\n\nslides\n" } });
    expect(readme.report.conclusion).toBe("neutral");
    const ci = await runEngine({ base: root, head: { ...root, ".github/workflows/ci.yml": "on: push\n" } });
    expect(ci.report.conclusion).toBe("neutral");
    for (const changed of ["conda.yaml", "MLmodel", "data/model.keras"]) {
      const { report } = await runEngine({
        base: root,
        head: { ...root, [changed]: `${root[changed] ?? ""}x: 1\n` },
      });
      expect([changed, report.models.map((m) => [m.name, m.source, m.card])]).toEqual([
        changed,
        [["model", "mlflow", "MLmodel"]],
      ]);
    }
  });

  it("a PR that changes nothing a model depends on stays neutral", async () => {
    const { report } = await runEngine({ base, head: { ...base, "train.py": "print(2)\n" } });
    expect(report.conclusion).toBe("neutral");
  });

  it.each([
    ['[{"type": "double", "name": "a", "required": false}]', [{ name: "a", type: "double", optional: true }]],
    [
      '[{"type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1, 4]}}]',
      [{ name: "[0]", type: "tensor<float64>[-1,4]", optional: false }],
    ],
    ["not json", null],
    ["{}", null],
  ])("decodeSignature(%s)", (raw, expected) => {
    expect(decodeSignature(raw)).toEqual(expected);
  });
});
