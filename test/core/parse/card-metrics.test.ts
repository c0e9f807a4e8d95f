import { describe, expect, it } from "vitest";
import { parseModelCard } from "../../../src/core/parse/parse-model-card.ts";

const card = (...yaml: string[]) =>
  parseModelCard("models/m/README.md", ["---", ...yaml, "---", ""].join("\n"));

describe("parseModelCard: model-index metrics", () => {
  it("reads type, name, dataset name/config/split and our extensions, each with its line", () => {
    const r = card(
      "model-index:",
      "- name: m",
      "  results:",
      "  - task: {type: text-classification}",
      "    dataset: {name: Transactions, type: tx, config: eu, split: test}",
      "    metrics:",
      "    - type: auc",
      "      value: 0.93",
      "      name: AUC",
      "      slice: region=EU",
      "      n: 12000",
      "      ci: [0.92, 0.94]",
      "    - {type: accuracy, value: 0.91, name: accuracy}",
    );
    expect(r.findings).toEqual([]);
    expect(r.value?.metrics).toEqual([
      {
        type: "auc",
        name: "AUC",
        value: 0.93,
        dataset: "Transactions",
        config: "eu",
        split: "test",
        slice: "region=EU",
        n: 12000,
        ci: [0.92, 0.94],
        file: "models/m/README.md",
        line: 8,
      },
      expect.objectContaining({
        type: "accuracy",
        name: null,
        value: 0.91,
        slice: null,
        n: null,
        ci: null,
        line: 14,
      }),
    ]);
  });

  it("takes a string `args` as the config, the dataset type when it has no name", () => {
    const r = card(
      "model-index:",
      "- results:",
      "  - dataset: {type: glue, args: sst2}",
      "    metrics: [{type: accuracy, value: 0.9}]",
      "  - dataset: {name: X, args: {num_few_shot: 3}}",
      "    metrics: [{type: acc, value: 34.36}]",
    );
    expect(r.value?.metrics.map((m) => [m.dataset, m.config])).toEqual([
      ["glue", "sst2"],
      ["X", null],
    ]);
  });

  it("reads the legacy model_index key with a singular metric:", () => {
    const r = card(
      "model_index:",
      "- name: sst2",
      "  results:",
      "  - dataset: {name: GLUE SST2, type: glue, args: sst2}",
      "    metric:",
      "      name: Accuracy",
      "      type: accuracy",
      "      value: 0.9231651376146789",
    );
    expect(r.findings).toEqual([]);
    expect(r.value?.name).toBe("sst2");
    expect(r.value?.metrics.map((m) => [m.type, m.name, m.value, m.dataset, m.config, m.line])).toEqual([
      ["accuracy", "Accuracy", 0.9231651376146789, "GLUE SST2", "sst2", 6],
    ]);
  });

  it.each([
    { value: '"31.43%"', got: '"31.43%"' },
    { value: "-147.07 +/- 80.80", got: '"-147.07 +/- 80.80"' },
    { value: "null", got: "null" },
    { value: ".nan", got: "NaN" },
    { value: ".inf", got: "Infinity" },
    { value: "{metric_value}", got: "a mapping" },
  ])("warns about value $value with its key path and line, keeps the other metrics", ({ value, got }) => {
    const r = card(
      "model-index:",
      "- name: m",
      "  results:",
      "  - dataset: {name: d}",
      "    metrics:",
      "    - {type: cer, value: 3.1}",
      "  - dataset: {name: d}",
      "    metrics:",
      "    - type: wer",
      `      value: ${value}`,
    );
    expect(r.findings.map((f) => [f.code, f.severity, f.line, f.model])).toEqual([
      ["parse.schema", "warning", 11, "m"],
    ]);
    expect(r.findings[0]?.message).toBe(
      `model-index[0].results[1].metrics[0].value: is not a finite number (got ${got}); the metric is left out of gating`,
    );
    expect(r.value?.metrics.map((m) => m.type)).toEqual(["cer"]);
  });

  it.each([
    { name: "model-index not a list", yaml: ["model-index: {name: m}"], path: "model-index", line: 2 },
    {
      name: "results not a list",
      yaml: ["model-index:", "- name: m", "  results: 3"],
      path: "model-index[0].results",
      line: 4,
    },
    {
      name: "metrics not a list",
      yaml: ["model-index:", "- results:", "  - metrics: accuracy"],
      path: "model-index[0].results[0].metrics",
      line: 4,
    },
    {
      name: "a metric without type",
      yaml: ["model-index:", "- results:", "  - metrics:", "    - value: 1"],
      path: "model-index[0].results[0].metrics[0].type",
      line: 5,
    },
    {
      name: "n not a number",
      yaml: ["model-index:", "- results:", "  - metrics:", "    - {type: a, value: 1, n: many}"],
      path: "model-index[0].results[0].metrics[0].n",
      line: 5,
    },
    {
      name: "ci reversed",
      yaml: [
        "model-index:",
        "- results:",
        "  - metrics:",
        "    - type: a",
        "      value: 1",
        "      ci: [0.9, 0.8]",
      ],
      path: "model-index[0].results[0].metrics[0].ci",
      line: 7,
    },
  ])("reports $name as parse.schema at $path", ({ yaml, path, line }) => {
    const r = card(...yaml);
    expect(r.findings.map((f) => [f.code, f.severity, f.line])).toEqual([["parse.schema", "error", line]]);
    expect(r.findings[0]?.message.startsWith(`${path}: `)).toBe(true);
  });

  it("keeps a metric whose n is wrong, without the n", () => {
    const r = card("model-index:", "- results:", "  - metrics:", "    - {type: a, value: 1, n: many}");
    expect(r.value?.metrics.map((m) => [m.type, m.value, m.n])).toEqual([["a", 1, null]]);
  });

  it("reads nothing from empty results", () => {
    const r = card("model-index:", "- name: Run_8", "  results: []");
    expect(r.findings).toEqual([]);
    expect(r.value?.metrics).toEqual([]);
  });
});
