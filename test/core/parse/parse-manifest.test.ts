import { describe, expect, it } from "vitest";
import { parseManifest } from "../../../src/core/parse/parse-manifest.ts";
import type { Manifest } from "../../../src/core/types.ts";

const FILE = "models/fraud/experiment.yml";
const HEX64 = "a".repeat(64);

const FULL = `model: fraud-detector
run: { id: exp-7, url: https://mlflow.example/runs/7, tracker: mlflow }
code: { commit: 9f2c1e4b7a0d3c5e8f1a2b4c6d8e0f1a3b5c7d9e, entrypoint: train.py, seed: 42 }
environment: { lockfile: requirements.lock, image: "ghcr.io/acme/train@sha256:${HEX64}" }
data:
  train: { name: transactions, version: 2026-10-31, sha256: ${HEX64}, uri: s3://acme/tx }
  eval:  { name: transactions-holdout, version: 2026-11-01, sha256: ${HEX64} }
  shadow: { version: 3 }
params: { learning_rate: 0.01, max_depth: 8 }
signature:
  inputs:  [{ name: amount, type: float }, { name: country, type: string, optional: true }, { name: note, required: false }]
  outputs: [{ name: score, type: float }]
metrics:
  - { name: auc, value: 0.943, n: 52000 }
  - { name: auc, value: 0.931, slice: region=EU, n: 12000, ci: [0.92, 0.94] }
  - { name: latency_p99_ms, value: 31, dataset: shadow }
metrics_file: ./metrics.json
baseline:
  version: 2.2.0
  metrics: [{ name: auc, value: 0.938, n: 52000 }]
artifacts:
  - { path: model.onnx, sha256: ${HEX64}, bytes: 48213311 }
  - { path: s3://acme/models/big.bin }
`;

function parse(
  text: string,
  file = FILE,
): { m: Manifest; codes: string[]; lines: Array<number | null>; messages: string[] } {
  const r = parseManifest(file, text);
  if (r.value === null) throw new Error(`no manifest: ${JSON.stringify(r.findings)}`);
  return {
    m: r.value,
    codes: r.findings.map((f) => f.code),
    lines: r.findings.map((f) => f.line),
    messages: r.findings.map((f) => f.message),
  };
}

describe("parseManifest: the SPEC §1.2 example", () => {
  const { m, codes } = parse(FULL);

  it("has no findings", () => expect(codes).toEqual([]));

  it("reads identity, run, code and environment", () => {
    expect(m.model).toBe("fraud-detector");
    expect(m.run).toEqual({ id: "exp-7", url: "https://mlflow.example/runs/7", tracker: "mlflow" });
    expect(m.code).toEqual({
      commit: "9f2c1e4b7a0d3c5e8f1a2b4c6d8e0f1a3b5c7d9e",
      entrypoint: "train.py",
      seed: 42,
      line: 3,
    });
    expect(m.environment).toEqual({
      lockfile: "requirements.lock",
      image: `ghcr.io/acme/train@sha256:${HEX64}`,
      line: 4,
    });
    expect(m.lockfile).toBe("models/fraud/requirements.lock");
    expect(m.metricsFile).toBe("models/fraud/metrics.json");
    expect(m.metricsFileLine).toBe(17);
    expect(m.params).toEqual({ learning_rate: 0.01, max_depth: 8 });
  });

  it("reads data refs with their lines, a numeric version as a string", () => {
    expect(m.data.train).toEqual({
      name: "transactions",
      version: "2026-10-31",
      sha256: HEX64,
      uri: "s3://acme/tx",
      line: 6,
    });
    expect(m.data.shadow).toEqual({ name: null, version: "3", sha256: null, uri: null, line: 8 });
  });

  it("marks optional signature fields", () => {
    expect(m.signature).toEqual({
      inputs: [
        { name: "amount", type: "float", optional: false },
        { name: "country", type: "string", optional: true },
        { name: "note", type: null, optional: true },
      ],
      outputs: [{ name: "score", type: "float", optional: false }],
    });
  });

  it("pairs metrics with the name of their data and keeps the data key in parallel", () => {
    expect(m.metrics.map((v) => [v.type, v.value, v.dataset, v.slice, v.n, v.ci, v.line])).toEqual([
      ["auc", 0.943, "transactions-holdout", null, 52000, null, 14],
      ["auc", 0.931, "transactions-holdout", "region=EU", 12000, [0.92, 0.94], 15],
      ["latency_p99_ms", 31, "shadow", null, null, null, 16],
    ]);
    expect(m.metricsDataKey).toEqual(["eval", "eval", "shadow"]);
  });

  it("reads the baseline and the artifacts", () => {
    expect(m.baseline?.version).toBe("2.2.0");
    expect(m.baseline?.line).toBe(18);
    expect(m.baseline?.metrics.map((v) => [v.type, v.value, v.dataset])).toEqual([
      ["auc", 0.938, "transactions-holdout"],
    ]);
    expect(m.artifacts).toEqual([
      { path: "model.onnx", sha256: HEX64, bytes: 48213311, line: 22 },
      { path: "s3://acme/models/big.bin", sha256: null, bytes: null, line: 23 },
    ]);
  });

  it.each([
    { path: "data.train.version", line: 6 },
    { path: "artifacts.0.sha256", line: 22 },
    { path: "artifacts[0].sha256", line: 22 },
    { path: "baseline.version", line: 19 },
    { path: "code.commit", line: 3 },
  ])("lineOf($path) = $line", ({ path, line }) => {
    expect(m.lineOf(path)).toBe(line);
  });

  it("keeps the raw object", () => {
    expect(m.raw).toMatchObject({ code: { seed: 42 }, params: { max_depth: 8 } });
  });
});

describe("parseManifest: wrong shapes", () => {
  it.each([
    { name: "model a list", text: "model: [a]\n", path: "model", line: 1 },
    {
      name: "code.commit a boolean",
      text: "code:\n  commit: true\n  seed: 1\n",
      path: "code.commit",
      line: 2,
    },
    { name: "data a list", text: "data: [a, b]\n", path: "data", line: 1 },
    { name: "data entry a string", text: "data:\n  train: latest\n", path: "data.train", line: 2 },
    { name: "metrics a mapping", text: "metrics: {auc: 0.9}\n", path: "metrics", line: 1 },
    { name: "metric without name", text: "metrics:\n  - value: 0.9\n", path: "metrics[0].name", line: 2 },
    {
      name: "metric n negative",
      text: "metrics:\n  - {name: a, value: 1, n: -1}\n",
      path: "metrics[0].n",
      line: 2,
    },
    {
      name: "artifact bytes a string",
      text: "artifacts:\n  - path: m.onnx\n    bytes: big\n",
      path: "artifacts[0].bytes",
      line: 3,
    },
    {
      name: "signature input without name",
      text: "signature:\n  inputs: [{type: float}]\n",
      path: "signature.inputs[0].name",
      line: 2,
    },
    { name: "params a string", text: "params: none\n", path: "params", line: 1 },
    { name: "metrics_file with ..", text: "metrics_file: ../m.json\n", path: "metrics_file", line: 1 },
    {
      name: "lockfile with a backslash",
      text: "environment: {lockfile: 'a\\b.lock'}\n",
      path: "environment.lockfile",
      line: 1,
    },
    {
      name: "artifact path with ..",
      text: "artifacts:\n  - path: ../../x.onnx\n",
      path: "artifacts[0].path",
      line: 2,
    },
  ])("$name → parse.schema at $path", ({ text, path, line }) => {
    const r = parse(text);
    expect(r.codes).toEqual(["parse.schema"]);
    expect(r.lines).toEqual([line]);
    expect(r.messages[0]?.startsWith(`${path}: `)).toBe(true);
  });

  it("treats a wrong-typed field as absent and reads the rest", () => {
    const r = parse("code:\n  commit: true\n  entrypoint: train.py\n");
    expect(r.m.code).toEqual({ commit: null, entrypoint: "train.py", seed: null, line: 1 });
  });

  it("warns about a non-numeric metric value and leaves the metric out", () => {
    const r = parse("metrics:\n  - {name: a, value: '93%'}\n  - {name: b, value: 0.5}\n");
    expect(r.codes).toEqual(["parse.schema"]);
    expect(r.messages).toEqual([
      'metrics[0].value: is not a finite number (got "93%"); the metric is left out of gating',
    ]);
    expect(r.m.metrics.map((v) => v.type)).toEqual(["b"]);
    expect(r.m.metricsDataKey).toEqual(["eval"]);
  });

  it("warns about a metric dataset that is not a key of data", () => {
    const r = parse("data: {eval: {name: e}}\nmetrics:\n  - {name: a, value: 1, dataset: holdout}\n");
    expect(r.codes).toEqual(["parse.schema"]);
    expect(r.messages[0]).toContain("metrics[0].dataset");
    expect(r.m.metrics[0]?.dataset).toBe("holdout");
  });

  it.each([
    { yaml: "code: {commit: 1234567}", commit: "1234567" },
    { yaml: "code: {commit: 0123456}", commit: "0123456" },
    { yaml: "code:\n  commit: 12345e1", commit: "12345e1" },
    { yaml: '{"code": {"commit": 7654321}}', commit: "7654321" },
  ])("keeps a number-looking commit as written: $yaml", ({ yaml, commit }) => {
    expect(parse(yaml).m.code?.commit).toBe(commit);
  });

  it("reads JSON with lines", () => {
    const r = parse(
      '{\n  "model": "m",\n  "data": {\n    "eval": {"name": "e", "version": "v1"}\n  }\n}',
      "x/experiment.json",
    );
    expect(r.m.model).toBe("m");
    expect(r.m.lineOf("data.eval.version")).toBe(4);
  });

  it.each([
    { name: "a YAML syntax error", text: "model: [a\n", code: "parse.yaml" },
    { name: "a list at the top", text: "- a\n", code: "parse.schema" },
    { name: "an empty file", text: "", code: "parse.schema" },
    { name: "a scalar", text: "hello\n", code: "parse.schema" },
  ])("gives no manifest for $name", ({ text, code }) => {
    const r = parseManifest(FILE, text);
    expect(r.value).toBeNull();
    expect(r.findings.map((f) => f.code)).toEqual([code]);
  });

  it("tags findings with the model", () => {
    const r = parseManifest(FILE, "model: m\nparams: 3\n");
    expect(r.findings.map((f) => [f.model, f.file])).toEqual([["m", FILE]]);
  });
});
