import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEvalResults } from "../../../src/core/sources/huggingface/parse-eval-results.ts";
import { runEngine } from "../engine/run-engine.ts";
import { fixtureTree } from "./fixture-tree.ts";

/** YAML-ish text: lines built from the keys and shapes `.eval_results/*.yaml` uses, and anything else. */
const evalish = fc.oneof(
  fc.string(),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          "- dataset:",
          "    id: cais/hle",
          "    task_id: hle",
          "    config: default",
          "    split: test",
          "    revision: 5503434ddd753f426f4b38109466949a1217c2bb",
          "  value: 20.9",
          "  value: {metric_value}",
          '  value: "31%"',
          "  notes: no-tools",
          "  source:",
          "    url: https://example.com",
          "- ",
          "  ",
          "---",
        ),
        fc.constantFrom("  - {a: [b]}", "*x", "&x 1", "!!js 1", "  dataset: [1, 2]", "  value: .nan", "- 3"),
        fc.string({ maxLength: 20 }),
      ),
      { maxLength: 30 },
    )
    .map((lines) => lines.join("\n")),
);

// STYLE: any input yields findings, never a throw.
describe("Hugging Face evaluation results never throw", () => {
  it("the parser: a list of values or findings, each with a line", () => {
    fc.assert(
      fc.property(evalish, (text) => {
        const parsed = parseEvalResults(".eval_results/hle.yaml", text);
        expect(parsed.value === null || Array.isArray(parsed.value)).toBe(true);
        for (const m of parsed.value ?? []) {
          expect(Number.isFinite(m.value)).toBe(true);
          expect(m.type).toBe("hle");
        }
        for (const f of parsed.findings) expect(f.file).toBe(".eval_results/hle.yaml");
      }),
      { numRuns: 400 },
    );
  });

  it("the engine over a Hub repository whose evaluation results are replaced by anything", async () => {
    const base = fixtureTree("huggingface/hub-model");
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(".eval_results/gpqa.yaml", ".eval_results/hle.yaml", ".eval_results/new.yaml"),
        evalish,
        async (file, text) => {
          const { report } = await runEngine({ base, head: { ...base, [file]: text } });
          expect(["success", "failure", "neutral"]).toContain(report.conclusion);
          expect(report.models.map((m) => m.source)).toEqual(["huggingface"]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
