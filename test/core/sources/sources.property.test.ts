// biome-ignore-all lint/suspicious/noTemplateCurlyInString: dvc.yaml text, whose templating syntax is `${…}`.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDvcFile } from "../../../src/core/sources/dvc/parse-dvc-file.ts";
import { parseDvcLock } from "../../../src/core/sources/dvc/parse-dvc-lock.ts";
import { parseDvcYaml } from "../../../src/core/sources/dvc/parse-dvc-yaml.ts";
import { isHuggingFaceCard } from "../../../src/core/sources/huggingface/is-hugging-face-card.ts";
import { runEngine } from "../engine/run-engine.ts";
import { fixtureTree } from "./fixture-tree.ts";

/** YAML-ish text: random lines built from the keys and shapes DVC files use, and anything else. */
const yamlish = fc.oneof(
  fc.string(),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          "artifacts:",
          "stages:",
          "metrics:",
          "deps:",
          "outs:",
          "params:",
          "schema: '2.0'",
          "- ",
          "  ",
          "---",
        ),
        fc.constantFrom(
          "  m: { path: ../../x, type: model }",
          "  - path: a",
          "    md5: 0",
          "  - {a: [b]}",
          "*x",
          "&x 1",
          "!!js 1",
          "    foreach: ${p}",
          "    foreach: [a, {b: 1}]",
          "    matrix: { a: [1, 2], b: ${p} }",
          "    do: { cmd: ${item.x} }",
          "      - ${key}/${item}.csv",
          "      - ${p.0}: { cache: false }",
          "vars: [{ p: [1, 2] }, x.yaml]",
        ),
        fc.string({ maxLength: 20 }),
      ),
      { maxLength: 30 },
    )
    .map((lines) => lines.join("\n")),
);

// STYLE: any input yields findings, never a throw.
describe("sources never throw", () => {
  it("parsers of DVC files and the Hugging Face sniff", () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        expect(parseDvcYaml("dvc.yaml", text).value).not.toBeUndefined();
        expect(parseDvcYaml("dvc.yaml", text, { p: { a: 1, b: [2, { c: 3 }] } }).value).not.toBeUndefined();
        expect(parseDvcLock("dvc.lock", text).value).not.toBeUndefined();
        expect(parseDvcFile("data/x.dvc", text).value).not.toBeUndefined();
        expect(typeof isHuggingFaceCard(`---\n${text}\n---\n`, null)).toBe("boolean");
      }),
      { numRuns: 300 },
    );
  });

  it("the engine over a DVC project whose files are replaced by anything", async () => {
    const base = fixtureTree("dvc/churn");
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("dvc.yaml", "dvc.lock", "params.yaml", "data/customers.csv.dvc", "eval/metrics.json"),
        yamlish,
        async (file, text) => {
          const { report } = await runEngine({ base, head: { ...base, [file]: text } });
          expect(["success", "failure", "neutral"]).toContain(report.conclusion);
        },
      ),
      { numRuns: 60 },
    );
  });
});
