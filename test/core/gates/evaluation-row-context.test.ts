import { describe, expect, it } from "vitest";
import { evaluationGate } from "../../../src/core/gates/evaluation-gate.ts";
import { renderMarkdown } from "../../../src/core/render/render-markdown.ts";
import { renderText } from "../../../src/core/render/render-text.ts";
import { reportJson } from "../../../src/core/render/report-json.ts";
import type { MetricValue } from "../../../src/core/types.ts";
import { runEngine } from "../engine/run-engine.ts";
import { cardValue, evalCtx, evalGates } from "./evaluation-builders.ts";

/** SPEC §1.1: a metric row shows whichever of name, dataset, config, split tell two rows of one metric apart. */

const wer = (value: number, extra: Partial<MetricValue>) => cardValue("wer", value, extra);
const contexts = (head: MetricValue[], base: MetricValue[] | null = null) =>
  evaluationGate(
    evalCtx({ card: head, run: null }, base === null ? null : { card: base, run: null }),
    evalGates(),
  ).metrics.map((r) => [r.name, r.context, r.slice]);

describe("metric rows that must say which data they are", () => {
  it.each<{ name: string; head: MetricValue[]; base?: MetricValue[]; rows: unknown[] }>([
    {
      name: "one dataset: no context",
      head: [wer(0.1, { dataset: "common_voice" }), cardValue("cer", 0.05, { dataset: "common_voice" })],
      rows: [
        ["wer", null, null],
        ["cer", null, null],
      ],
    },
    {
      name: "one metric on two configs of one dataset: the config",
      head: [
        wer(0.1, { dataset: "common_voice", config: "en", split: "test" }),
        wer(0.2, { dataset: "common_voice", config: "fr", split: "test" }),
      ],
      rows: [
        ["wer", "en", null],
        ["wer", "fr", null],
      ],
    },
    {
      name: "one metric on two datasets and splits: both",
      head: [
        wer(0.1, { dataset: "librispeech", split: "test.clean" }),
        wer(0.2, { dataset: "librispeech", split: "test.other" }),
        wer(0.3, { dataset: "tedlium", split: "test" }),
      ],
      rows: [
        ["wer", "librispeech · test.clean", null],
        ["wer", "librispeech · test.other", null],
        ["wer", "tedlium · test", null],
      ],
    },
    {
      name: "a second dataset for another metric only: no context where nothing repeats",
      head: [wer(0.1, { dataset: "common_voice" }), cardValue("bleu", 30, { dataset: "fleurs" })],
      rows: [
        ["wer", null, null],
        ["bleu", null, null],
      ],
    },
    {
      name: "display names tell two rows of one type apart",
      head: [
        cardValue("accuracy", 0.8, { name: "Top-1 accuracy" }),
        cardValue("accuracy", 0.95, { name: "Top-5 accuracy" }),
      ],
      rows: [
        ["accuracy", "Top-1 accuracy", null],
        ["accuracy", "Top-5 accuracy", null],
      ],
    },
    {
      name: "slices are their own column, not context",
      head: [wer(0.1, { slice: "accent=us" }), wer(0.2, { slice: "accent=uk" })],
      rows: [
        ["wer", null, "accent=us"],
        ["wer", null, "accent=uk"],
      ],
    },
    {
      name: "a vanished base value is told apart from the head's",
      head: [wer(0.1, { dataset: "common_voice", config: "en" })],
      base: [
        wer(0.1, { dataset: "common_voice", config: "en" }),
        wer(0.2, { dataset: "common_voice", config: "fr" }),
      ],
      rows: [
        ["wer", "en", null],
        ["wer", "fr", null],
      ],
    },
  ])("$name", ({ head, base, rows }) => {
    expect(contexts(head, base ?? null)).toEqual(rows);
  });
});

describe("the data column in every format", () => {
  const card = (en: number, fr: number, version: string) =>
    [
      "---",
      "name: asr",
      `version: ${version}`,
      "license: mit",
      "owners: [alice]",
      "model-index:",
      "  - name: asr",
      "    results:",
      "      - task: { type: automatic-speech-recognition }",
      "        dataset: { type: mozilla-foundation/common_voice_11_0, name: Common Voice 11, config: en, split: test }",
      `        metrics: [{ type: wer, value: ${en} }]`,
      "      - task: { type: automatic-speech-recognition }",
      "        dataset: { type: mozilla-foundation/common_voice_11_0, name: Common Voice 11, config: fr, split: test }",
      `        metrics: [{ type: wer, value: ${fr} }]`,
      "---",
      "",
      "## Intended use",
      "Transcribes English and French speech for subtitles of recorded talks and lectures.",
      "## Limitations",
      "Accented and noisy speech has a much higher word error rate; not for live captioning.",
      "## Training data",
      "Common Voice 11 train splits for English and French, validated clips only, deduplicated.",
      "## Evaluation",
      "Word error rate on the Common Voice 11 test split of each language, as in the front matter.",
      "",
    ].join("\n");

  it("shows the config that tells the two wer rows apart", async () => {
    const { report } = await runEngine({
      base: { "models/asr/MODEL_CARD.md": card(0.1, 0.2, "1.0.0") },
      head: { "models/asr/MODEL_CARD.md": card(0.1, 0.25, "1.0.1") },
      policy: "gates: { lineage: { mode: off } }",
    });
    expect(report.metrics.map((r) => r.context)).toEqual(["en", "fr"]);
    const md = renderMarkdown(report);
    expect(md).toContain("| metric | data | base | head | Δ | status |");
    expect(md).toContain("| wer | fr | 0.2 | 0.25 | +0.05 | ⚠️ dropped, no rule |");
    expect(renderText(report)).toMatch(/wer\s+en\s+0\.1\s+0\.1\s+0\s+ok/);
    expect(reportJson(report).metrics.map((m) => [m.dataset, m.config, m.split])).toEqual([
      ["Common Voice 11", "en", "test"],
      ["Common Voice 11", "fr", "test"],
    ]);
  });
});
