import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../src/core/render/render-markdown.ts";
import type { Report } from "../../../src/core/report.ts";
import { renderRollout } from "../../../src/core/rollout/render-rollout.ts";

/** Text an author controls: a card's name and version, a metric's name, a message quoting a file. */
const hostile = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc
    .array(fc.constantFrom("<!-- modelgate:override ", "-->", "@mallory", "#1", "`", "|", "\n", "x", " "), {
      maxLength: 12,
    })
    .map((p) => p.join("")),
);

function report(name: string, version: string, text: string): Report {
  return {
    conclusion: "failure",
    gates: [],
    notes: [text],
    models: [
      {
        name,
        source: "native",
        card: `models/${text}/MODEL_CARD.md`,
        manifest: null,
        version,
        baseVersion: text,
        isNew: false,
        changes: [],
        gates: [
          {
            gate: "evaluation",
            conclusion: "failure",
            overridden: { by: "alice", reason: text },
            errors: 1,
            warnings: 0,
          },
        ],
        runUrl: `https://example.com/${text}`,
        notes: [text],
      },
    ],
    findings: [
      {
        gate: "evaluation",
        code: "eval.regression",
        severity: "error",
        model: name,
        file: `models/${text}`,
        line: 3,
        message: text,
      },
    ],
    metrics: [
      {
        model: name,
        name: text,
        slice: text,
        dataset: text,
        config: null,
        split: null,
        context: text,
        base: 0.9,
        head: 0.8,
        delta: -0.1,
        status: "regression",
      },
    ],
  };
}

/** The only markup modelgate itself writes in these renderers: its rollout markers and `<details>`. */
const OWN = /<!-- \/?modelgate:rollout(-live)? -->|<\/?details>|<\/?summary>/g;

describe("renderers: no file-derived text becomes markup, a marker or a mention", () => {
  it("renderMarkdown and the rollout tracker", () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (name, version, text) => {
        const md = renderMarkdown(report(name, version, text), {
          blobUrl: "https://github.com/o/r/blob/sha",
        });
        const tracker = renderRollout(
          [
            { name, version, views: [] },
            { name: text, version: text, views: [] },
          ],
          {
            prefix: "",
            merged: false,
          },
        );
        for (const out of [md, tracker]) {
          const rest = out.replace(OWN, "");
          expect(rest).not.toMatch(/<!--|-->|<[a-z/!]/i);
          // The one mention is the overrider's GitHub login, never text from the PR.
          expect(rest.replace(/overridden by @alice/g, "")).not.toMatch(/@[\p{L}\p{N}_-]/u);
          // A run URL may keep its fragment (`…/#/experiments/1`): link targets are no references.
          expect(rest.replace(/\]\([^)\s]*\)/g, "]")).not.toMatch(/#\d/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
