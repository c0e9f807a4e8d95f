import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../../../src/core/parse/parse-manifest.ts";
import { parseMetricsFile } from "../../../src/core/parse/parse-metrics-file.ts";
import { parseModelCard } from "../../../src/core/parse/parse-model-card.ts";
import type { Finding, Parsed } from "../../../src/core/types.ts";

/**
 * Real files from public repositories (their SOURCES.md), outside this repository: read only when
 * MODELGATE_CORPUS names the folder (.ci/run sets it when the corpus sits beside the clone).
 * Without it these tests are skipped, and say so: a fresh clone passes on its own fixtures.
 */
const CORPUS_ENV = process.env.MODELGATE_CORPUS;
const CORPUS = CORPUS_ENV ? path.resolve(CORPUS_ENV) : "";
const SKIP = CORPUS === "";
const SKIPPED = SKIP ? " (skipped: set MODELGATE_CORPUS to a corpus folder to run)" : "";

function corpusFiles(): string[] {
  if (SKIP) return [];
  return readdirSync(CORPUS, { recursive: true, encoding: "utf8" })
    .filter((f) => f !== "SOURCES.md" && statSync(path.join(CORPUS, f)).isFile())
    .map((f) => f.split(path.sep).join("/"))
    .sort();
}

const read = (file: string) => readFileSync(path.join(CORPUS, file), "utf8");
const ext = (file: string) => path.extname(file).toLowerCase();
const STRUCTURED = [".yaml", ".yml", ".json", ".lock", ".mlmodel", ".pbtxt"];

type Parser = (file: string, text: string) => Parsed<unknown>;
const card: Parser = (f, t) => parseModelCard(f, t);
const manifest: Parser = (f, t) => parseManifest(f, t);
const metricsFile: Parser = (f, t) => parseMetricsFile(f, t, { dataset: null });

function parsersFor(file: string): Array<[string, Parser]> {
  if (ext(file) === ".md") return [["card", card]];
  if (!STRUCTURED.includes(ext(file))) return [];
  const yamlCard: Array<[string, Parser]> = [".yaml", ".yml"].includes(ext(file)) ? [["card", card]] : [];
  return [["manifest", manifest], ["metrics file", metricsFile], ...yamlCard];
}

function expectWellFormed(findings: Finding[], file: string): void {
  for (const f of findings) {
    expect(f.file).toBe(file);
    expect(f.code).toMatch(/^parse\./);
    expect(["error", "warning", "notice"]).toContain(f.severity);
    expect(f.message.length).toBeGreaterThan(0);
    // Never a finding without a line: an annotation needs one.
    expect(f.line).toBeGreaterThanOrEqual(1);
  }
}

const cases = corpusFiles().flatMap((file) =>
  parsersFor(file).map(([kind, parse]) => ({ file, kind, parse })),
);

describe.skipIf(SKIP)(`corpus: every real file is read without a crash${SKIPPED}`, () => {
  it("finds the corpus", () => {
    expect(cases.length).toBeGreaterThan(30);
  });

  it.each(cases)("$kind ← $file", ({ file, parse }) => {
    const r = parse(file, read(file));
    expectWellFormed(r.findings, file);
    if (r.value === null) expect(r.findings.length).toBeGreaterThan(0);
  });
});

describe.skipIf(SKIP)(`corpus: specific cards${SKIPPED}`, () => {
  const parseCard = (name: string) => {
    const file = `hf-model-cards/${name}`;
    const r = parseModelCard(file, read(file));
    if (r.value === null) throw new Error("a card is always returned");
    return { card: r.value, findings: r.findings };
  };

  it("percent WER: a warning on the value's line, the metric left out", () => {
    const { card, findings } = parseCard("asr-wer-percent-string-half-template.md");
    expect(findings.map((f) => [f.code, f.severity, f.line])).toEqual([["parse.schema", "warning", 31]]);
    expect(findings[0]?.message).toContain("model-index[0].results[0].metrics[0].value");
    expect(card.name).toBe("Rubens XLSR Wav2Vec2 Large 53 Portuguese");
    expect(card.metrics).toEqual([]);
    expect(card.sections.map((s) => s.title).slice(0, 2)).toEqual(["Wav2Vec2-Large-XLSR-53-pt", "Usage"]);
  });

  it("null values: warnings, nothing guessed", () => {
    const { card, findings } = parseCard("flow-mappings-russian-null-values.md");
    expect(findings.map((f) => [f.severity, f.line])).toEqual([
      ["warning", 17],
      ["warning", 20],
    ]);
    expect(card.metrics).toEqual([]);
  });

  it("RL card: the `mean +/- std` string is a warning", () => {
    const { card, findings } = parseCard("rl-ppo-lunarlander-reward-string.md");
    expect(findings.map((f) => [f.code, f.severity, f.line])).toEqual([["parse.schema", "warning", 20]]);
    expect(findings[0]?.message).toContain('"-147.07 +/- 80.80"');
    expect(card.name).toBe("PPO");
    expect(card.sections.map((s) => [s.title, s.line])).toEqual([
      ["PPO Agent Playing LunarLander-v2", 25],
      ["Hyperparameters", 29],
    ]);
  });

  it("merge conflict: parse.yaml on the marker's line, the model still named", () => {
    const { card, findings } = parseCard("malformed-merge-conflict-peft-template.md");
    expect(findings.map((f) => [f.code, f.line])).toEqual([["parse.yaml", 1]]);
    expect(card.name).toBe("hf-model-cards");
    expect(card.sections.length).toBeGreaterThan(0);
  });

  it("template placeholders: parse.yaml with lines in the front matter", () => {
    const { card, findings } = parseCard("malformed-yaml-template-placeholders-asr.md");
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.code).toBe("parse.yaml");
      expect(f.line).toBeGreaterThanOrEqual(2);
      expect(f.line).toBeLessThanOrEqual(32);
    }
    expect(card.fields).toEqual({});
    expect(card.sections.map((s) => s.title)).toContain("Evaluation");
  });

  it("legacy sst2: accuracy from model_index's singular metric", () => {
    const { card, findings } = parseCard("legacy-model_index-singular-metric-sst2.md");
    expect(findings).toEqual([]);
    expect(card.name).toBe("sst2");
    expect(card.metrics.map((m) => [m.type, m.value, m.dataset, m.config])).toEqual([
      ["accuracy", 0.9231651376146789, "GLUE SST2", "sst2"],
    ]);
  });

  it("trainer card with empty results: no metrics, the sections found", () => {
    const { card, findings } = parseCard("trainer-empty-results-t5-nan-loss.md");
    expect(findings).toEqual([]);
    expect(card.name).toBe("Run_8");
    expect(card.metrics).toEqual([]);
    expect(card.fields.license).toBe("apache-2.0");
    const results = card.sections.find((s) => s.title === "Training results");
    expect(results).toMatchObject({ level: 3, text: "" });
    expect(card.sections.find((s) => s.title === "Model description")?.text).toBe("More information needed");
  });

  it("five ASR results: one metric per language via dataset args", () => {
    const { card } = parseCard("asr-wav2vec2-west-slavic-five-results.md");
    expect(card.metrics.filter((m) => m.type === "wer").map((m) => m.config)).toEqual([
      "cs",
      "hsb",
      "pl",
      "sk",
      "sl",
    ]);
  });

  it("PEFT template: the HTML comments are not section text", () => {
    const { card } = parseCard("peft-lora-template-more-info-needed.md");
    const direct = card.sections.find((s) => s.title === "Direct Use");
    expect(direct?.text).toBe("[More Information Needed]");
  });
});

describe.skipIf(SKIP)(`corpus: metrics files${SKIPPED}`, () => {
  it("flattens DVCLive's nested metrics", () => {
    const r = parseMetricsFile(
      "dvc/metrics-nested-train-test.json",
      read("dvc/metrics-nested-train-test.json"),
      {
        dataset: null,
      },
    );
    expect(r.value?.map((m) => m.type)).toEqual([
      "avg_prec.train",
      "avg_prec.test",
      "roc_auc.train",
      "roc_auc.test",
    ]);
  });

  it("reports the malformed dvc.yaml with its line", () => {
    const file = "dvc/malformed-dvc-yaml-bad-indent-checkpoint-live.yaml";
    const r = parseManifest(file, read(file));
    expect(r.value).toBeNull();
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([["parse.yaml", 13]]);
  });
});

describe.skipIf(SKIP)(`corpus: a cascade of YAML errors is condensed${SKIPPED}`, () => {
  it("a protobuf text file yields at most ten findings, one per line", () => {
    const file = "model-card-toolkit/mct-test-full.pbtxt";
    const r = parseManifest(file, read(file));
    const lines = r.findings.map((f) => f.line);
    expect(r.findings.length).toBe(10);
    expect(new Set(lines).size).toBe(lines.length);
    expect(r.findings[9]?.message).toMatch(/\(and \d+ more\)$/);
  });
});
