import { describe, expect, it } from "vitest";
import { parseMetricsFile } from "../../../src/core/parse/parse-metrics-file.ts";

const flat = (file: string, text: string) =>
  parseMetricsFile(file, text, { dataset: "holdout" }).value?.map((m) => [m.type, m.value, m.line]);

describe("parseMetricsFile", () => {
  it.each([
    {
      name: "nested JSON",
      file: "m.json",
      text: '{\n  "test": {\n    "acc": 0.9\n  }\n}',
      expected: [["test.acc", 0.9, 3]],
    },
    {
      name: "flat YAML",
      file: "m.yaml",
      text: "acc: 0.93\nf1: 0.8\n",
      expected: [
        ["acc", 0.93, 1],
        ["f1", 0.8, 2],
      ],
    },
    {
      name: "lists indexed",
      file: "m.yaml",
      text: "folds:\n  - 0.1\n  - {auc: 0.2}\n",
      expected: [
        ["folds.0", 0.1, 2],
        ["folds.1.auc", 0.2, 3],
      ],
    },
    {
      name: "non-numbers skipped silently",
      file: "m.json",
      text: '{"step": "x", "ok": true, "none": null, "nan": NaN, "acc": 1}',
      expected: [["acc", 1, 1]],
    },
    {
      name: "YAML .nan and .inf skipped",
      file: "m.yaml",
      text: "a: .nan\nb: .inf\nc: 2\n",
      expected: [["c", 2, 3]],
    },
    { name: "a bare number is not a metric", file: "m.json", text: "0.5", expected: [] },
    { name: "empty file", file: "m.yaml", text: "", expected: [] },
  ])("$name", ({ file, text, expected }) => {
    expect(flat(file, text)).toEqual(expected);
  });

  it("fills the dataset and the file", () => {
    const r = parseMetricsFile("eval/metrics.json", '{"auc": 0.9}', { dataset: "holdout" });
    expect(r.findings).toEqual([]);
    expect(r.value).toEqual([
      {
        type: "auc",
        name: null,
        value: 0.9,
        dataset: "holdout",
        config: null,
        split: null,
        slice: null,
        n: null,
        ci: null,
        file: "eval/metrics.json",
        line: 1,
      },
    ]);
  });

  it("reports a syntax error with its line and no values", () => {
    const r = parseMetricsFile("m.json", '{\n  "a": 1,\n  "b": \n', { dataset: null });
    expect(r.value).toBeNull();
    expect(r.findings.map((f) => f.code)).toEqual(["parse.yaml"]);
    expect(r.findings[0]?.line).toEqual(expect.any(Number));
  });
});
