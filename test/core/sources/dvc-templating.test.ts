// biome-ignore-all lint/suspicious/noTemplateCurlyInString: dvc.yaml text, whose templating syntax is `${…}`.
import { describe, expect, it } from "vitest";
import { MAX_STAGES, parseDvcYaml } from "../../../src/core/sources/dvc/parse-dvc-yaml.ts";
import { codesOf, runEngine } from "../engine/run-engine.ts";
import { edit, fixtureTree } from "./fixture-tree.ts";

/** SPEC §1.4 DVC, as DVC's templating docs write dvc.yaml: `foreach`, `matrix`, `${…}` from vars and params.yaml. */

const stagesOf = (yaml: string, params: unknown = null) => {
  const parsed = parseDvcYaml("dvc.yaml", yaml, params);
  return {
    stages: (parsed.value?.stages ?? []).map((s) => ({
      name: s.name,
      deps: s.deps,
      outs: s.outs,
      cmd: s.cmd,
    })),
    findings: parsed.findings.map((f) => [f.code, f.severity, f.line, f.message]),
  };
};

describe("parseDvcYaml: generated stages, named as dvc.lock names them", () => {
  it.each([
    {
      name: "foreach over a list of values: NAME@VALUE, ${item}",
      yaml: "stages:\n  cleanups:\n    foreach: [raw1, raw2]\n    do:\n      cmd: clean.py ${item}\n      deps:\n        - ${item}.csv\n      outs:\n        - ${item}-clean.csv\n",
      params: null,
      want: [
        { name: "cleanups@raw1", deps: ["raw1.csv"], outs: ["raw1-clean.csv"], cmd: "clean.py raw1" },
        { name: "cleanups@raw2", deps: ["raw2.csv"], outs: ["raw2-clean.csv"], cmd: "clean.py raw2" },
      ],
    },
    {
      name: "foreach over a mapping: NAME@KEY, ${key} and ${item.x}",
      yaml: "stages:\n  build:\n    foreach:\n      uk: { epochs: 3, thresh: 10 }\n      us: { epochs: 10, thresh: 15 }\n    do:\n      cmd: python train.py '${key}' ${item.epochs} ${item.thresh}\n      outs:\n        - model-${key}.hdfs\n",
      params: null,
      want: [
        { name: "build@uk", deps: [], outs: ["model-uk.hdfs"], cmd: "python train.py 'uk' 3 10" },
        { name: "build@us", deps: [], outs: ["model-us.hdfs"], cmd: "python train.py 'us' 10 15" },
      ],
    },
    {
      name: "foreach over a list of mappings: NAME@INDEX",
      yaml: "stages:\n  fit:\n    foreach:\n      - { in: a.csv, out: a.pkl }\n      - { in: b.csv, out: b.pkl }\n    do:\n      cmd: fit ${item.in}\n      deps:\n        - ${item.in}\n      outs:\n        - ${item.out}\n",
      params: null,
      want: [
        { name: "fit@0", deps: ["a.csv"], outs: ["a.pkl"], cmd: "fit a.csv" },
        { name: "fit@1", deps: ["b.csv"], outs: ["b.pkl"], cmd: "fit b.csv" },
      ],
    },
    {
      name: "foreach over a mapping from params.yaml",
      yaml: "stages:\n  mystages:\n    foreach: ${myobject}\n    do:\n      cmd: ./script.py ${key} ${item.prop1}\n      outs:\n        - ${item.prop2}\n",
      params: { myobject: { first: { prop1: 1, prop2: "out/first.txt" } } },
      want: [{ name: "mystages@first", deps: [], outs: ["out/first.txt"], cmd: "./script.py first 1" }],
    },
    {
      name: "matrix: one stage per combination, the last key varying fastest",
      yaml: "stages:\n  train:\n    matrix:\n      model: [cnn, xgb]\n      feature: [a, b]\n    cmd: ./train.py --feature ${item.feature} ${item.model}\n    outs:\n      - ${item.model}-${item.feature}.pkl\n",
      params: null,
      want: [
        { name: "train@cnn-a", deps: [], outs: ["cnn-a.pkl"], cmd: "./train.py --feature a cnn" },
        { name: "train@cnn-b", deps: [], outs: ["cnn-b.pkl"], cmd: "./train.py --feature b cnn" },
        { name: "train@xgb-a", deps: [], outs: ["xgb-a.pkl"], cmd: "./train.py --feature a xgb" },
        { name: "train@xgb-b", deps: [], outs: ["xgb-b.pkl"], cmd: "./train.py --feature b xgb" },
      ],
    },
    {
      name: "matrix values that are mappings are named by key and index; a list from params",
      yaml: "stages:\n  s:\n    matrix:\n      os: ${systems}\n      cfg:\n        - { lr: 0.1 }\n        - { lr: 0.2 }\n    cmd: run ${item.os} ${item.cfg.lr}\n",
      params: { systems: ["linux"] },
      want: [
        { name: "s@linux-cfg0", deps: [], outs: [], cmd: "run linux 0.1" },
        { name: "s@linux-cfg1", deps: [], outs: [], cmd: "run linux 0.2" },
      ],
    },
    {
      name: "a plain stage with ${…} from vars, and wdir",
      yaml: "vars:\n  - out: models\nstages:\n  train:\n    wdir: sub\n    cmd: train \\${literal}\n    deps:\n      - data/${out}.csv\n    outs:\n      - ${out}/m.pkl\n",
      params: null,
      want: [
        { name: "train", deps: ["sub/data/models.csv"], outs: ["sub/models/m.pkl"], cmd: "train ${literal}" },
      ],
    },
  ])("$name", ({ yaml, params, want }) => {
    const got = stagesOf(yaml, params);
    expect(got.findings).toEqual([]);
    expect(got.stages).toEqual(want);
  });

  it("an expression nothing names is a warning with its line, and its paths are not read", () => {
    const got = stagesOf(
      "stages:\n  train:\n    cmd: x\n    deps:\n      - data/${nope}.csv\n      - src/t.py\n",
    );
    expect(got.stages[0]?.deps).toEqual(["src/t.py"]);
    expect(got.findings).toEqual([
      [
        "parse.schema",
        "warning",
        2,
        "stages.train: ${nope} names nothing in vars or params.yaml; the paths that use it are not read",
      ],
    ]);
  });

  it.each([
    [
      "foreach without do",
      "stages:\n  a:\n    foreach: [x]\n",
      "stages.a: foreach needs a do: mapping (the stage template)",
    ],
    [
      "foreach over a number",
      "stages:\n  a:\n    foreach: 3\n    do: { cmd: x }\n",
      "stages.a: foreach must be a list, a mapping, or a ${…} naming one",
    ],
    [
      "matrix of scalars",
      "stages:\n  a:\n    matrix: { os: linux }\n    cmd: x\n",
      "stages.a: matrix must be a mapping of names to lists",
    ],
  ])("%s is a parse.schema error", (_, yaml, message) => {
    const got = stagesOf(yaml);
    expect(got.stages).toEqual([]);
    expect(got.findings).toEqual([["parse.schema", "error", 2, message]]);
  });

  it("a matrix of billions generates at most MAX_STAGES stages and says how many it left", () => {
    const axis = `[${Array.from({ length: 100 }, (_, i) => i).join(", ")}]`;
    const yaml = `stages:\n  big:\n    matrix: { a: ${axis}, b: ${axis}, c: ${axis}, d: ${axis}, e: ${axis} }\n    cmd: x\n`;
    const got = stagesOf(yaml);
    expect(got.stages).toHaveLength(MAX_STAGES);
    expect(got.findings).toEqual([
      [
        "parse.schema",
        "warning",
        2,
        `stages.big: ${100 ** 5 - MAX_STAGES} generated stages not read (at most ${MAX_STAGES} stages per dvc.yaml)`,
      ],
    ]);
  });
});

describe("dvc source over generated stages (fixtures/dvc/regions)", () => {
  const base = fixtureTree("dvc/regions");
  const retrainUk = edit(
    edit(base, "dvc.lock", "17b3d1efc339b416c4b5615b1ce1b97e", "27b3d1efc339b416c4b5615b1ce1b97e"),
    "dvc.lock",
    "17b3d1efc339b416c4b5615b1ce1b97e",
    "27b3d1efc339b416c4b5615b1ce1b97e",
  );
  it.each([
    {
      name: "a retrained model-uk (train@uk's out in dvc.lock)",
      head: retrainUk,
      models: [["model-uk", ["artifacts"]]],
    },
    {
      name: "a param of train@us, in params.yaml and dvc.lock",
      head: edit(
        edit(base, "params.yaml", "epochs: 10", "epochs: 12"),
        "dvc.lock",
        "regions.us.epochs: 10",
        "regions.us.epochs: 12",
      ),
      models: [["model-us", ["params"]]],
    },
    {
      name: "the metrics of evaluate@uk-test",
      head: edit(base, "eval/uk/metrics.json", '"auc": 0.912', '"auc": 0.915'),
      models: [["model-uk", ["metrics"]]],
    },
    {
      name: "the data of featurize@train, upstream of both",
      head: edit(base, "data/train.csv.dvc", "3863d0e3", "4863d0e3"),
      models: [
        ["model-uk", ["data"]],
        ["model-us", ["data"]],
      ],
    },
  ])("$name", async ({ head, models }) => {
    const { report } = await runEngine({ base, head });
    expect(report.findings.filter((f) => f.code.startsWith("parse."))).toEqual([]);
    expect(report.models.map((m) => [m.name, m.changes])).toEqual(models);
    expect(report.models.every((m) => m.source === "dvc")).toBe(true);
  });

  it("reads a generated evaluation stage's metrics as the model's", async () => {
    const head = edit(retrainUk, "eval/uk/metrics.json", '"auc": 0.912', '"auc": 0.850');
    const { report } = await runEngine({ base, head });
    expect(report.metrics.filter((m) => m.name === "auc")).toMatchObject([
      { model: "model-uk", base: 0.912, head: 0.85, status: "unguarded-drop" },
    ]);
    expect(codesOf(report)).toContain("eval.unguarded-drop");
  });

  it("a PR changing nothing a model depends on stays neutral", async () => {
    const { report } = await runEngine({ base, head: { ...base, "README.md": "# regions\n\nMore.\n" } });
    expect(report.conclusion).toBe("neutral");
    expect(report.models).toEqual([]);
  });
});
