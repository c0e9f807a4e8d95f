import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  annotationCommand,
  annotations,
  escapeData,
  escapeProperty,
  omittedText,
} from "../../src/cli/workflow-commands.ts";
import type { Finding, Severity } from "../../src/core/types.ts";

const finding = (over: Partial<Finding> = {}): Finding => ({
  gate: "evaluation",
  code: "eval.regression",
  severity: "error",
  model: "fraud",
  file: "models/fraud/experiment.yaml",
  line: 14,
  message: "auc fell 0.012 (0.943 → 0.931); max_drop is 0.005",
  ...over,
});

/** The runner's unescaping (actions/runner, ActionCommand.Unescape*), to check the round trip. */
const unescapeData = (s: string) => s.replace(/%0D/g, "\r").replace(/%0A/g, "\n").replace(/%25/g, "%");
const unescapeProperty = (s: string) =>
  s
    .replace(/%0D/g, "\r")
    .replace(/%0A/g, "\n")
    .replace(/%3A/g, ":")
    .replace(/%2C/g, ",")
    .replace(/%25/g, "%");

describe("escaping", () => {
  it.each([
    ["100%", "100%25", "100%25"],
    ["a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"],
    ["a:b,c", "a:b,c", "a%3Ab%2Cc"],
    ["%0A", "%250A", "%250A"],
  ])("%j → data %j, property %j", (input, data, property) => {
    expect(escapeData(input)).toBe(data);
    expect(escapeProperty(input)).toBe(property);
  });

  it("round-trips any text, and an escaped value never holds a line break (no second command)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(unescapeData(escapeData(s))).toBe(s);
        expect(unescapeProperty(escapeProperty(s))).toBe(s);
        expect(escapeData(s)).not.toMatch(/[\r\n]/);
        expect(escapeProperty(s)).not.toMatch(/[\r\n:,]/);
      }),
    );
  });
});

describe("annotationCommand", () => {
  it.each<[string, Partial<Finding>, string]>([
    [
      "an error with file and line",
      {},
      "::error file=models/fraud/experiment.yaml,line=14,title=eval.regression::fraud: auc fell 0.012 (0.943 → 0.931); max_drop is 0.005",
    ],
    [
      "a warning without a line",
      { severity: "warning", line: null, code: "lineage.missing-field", message: "no data.eval.version" },
      "::warning file=models/fraud/experiment.yaml,title=lineage.missing-field::fraud: no data.eval.version",
    ],
    [
      "a notice of the repository, without a file",
      { severity: "notice", file: null, line: null, model: null, code: "policy.changed", message: "x" },
      "::notice title=policy.changed::x",
    ],
    [
      "hostile text in the file name and the message",
      { file: "a,line=1::x.md", message: "50%\n::add-mask::secret" },
      "::error file=a%2Cline=1%3A%3Ax.md,line=14,title=eval.regression::fraud: 50%25%0A::add-mask::secret",
    ],
  ])("%s", (_name, over, line) => {
    expect(annotationCommand(finding(over))).toBe(line);
  });
});

describe("annotations: capped as GitHub caps them, 10 of each kind per step", () => {
  const many = (severity: Severity, n: number) =>
    Array.from({ length: n }, (_, i) => finding({ severity, line: i + 1 }));

  it("keeps the first 10 of each kind and counts the rest", () => {
    const { lines, omitted } = annotations([
      ...many("error", 13),
      ...many("warning", 10),
      ...many("notice", 11),
    ]);
    expect(lines.filter((l) => l.startsWith("::error ")).length).toBe(10);
    expect(lines.filter((l) => l.startsWith("::warning ")).length).toBe(10);
    expect(lines.filter((l) => l.startsWith("::notice ")).length).toBe(10);
    expect(lines[9]).toContain("line=10,");
    expect(omitted).toEqual({ error: 3, warning: 0, notice: 1 });
    expect(omittedText(omitted)).toBe("3 more errors and 1 more notice");
  });

  it("nothing left out: no note", () => {
    const { lines, omitted } = annotations(many("warning", 2));
    expect(lines).toHaveLength(2);
    expect(omittedText(omitted)).toBeNull();
  });
});
