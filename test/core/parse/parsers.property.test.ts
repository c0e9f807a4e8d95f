import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseManifest } from "../../../src/core/parse/parse-manifest.ts";
import { parseMetricsFile } from "../../../src/core/parse/parse-metrics-file.ts";
import { parseModelCard } from "../../../src/core/parse/parse-model-card.ts";
import { resolveRepoPath } from "../../../src/core/parse/resolve-repo-path.ts";
import type { Finding } from "../../../src/core/types.ts";

/** Every parser, over any text: findings, never a throw. */
const PARSERS: Array<[string, (text: string) => { findings: Finding[] }]> = [
  ["card (.md)", (t) => parseModelCard("models/m/MODEL_CARD.md", t)],
  ["card (.yml)", (t) => parseModelCard("models/m/model-card.yml", t)],
  ["manifest", (t) => parseManifest("models/m/experiment.yml", t)],
  ["metrics file", (t) => parseMetricsFile("models/m/metrics.json", t, { dataset: null })],
];

function expectOnlyParseFindings(findings: Finding[]): void {
  for (const f of findings) {
    expect(f.code).toMatch(/^parse\./);
    expect(Number.isInteger(f.line) && (f.line ?? 0) >= 1).toBe(true);
  }
}

/** Text that looks like a card or manifest: keys this project reads, with hostile values. */
const keyed = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        "name",
        "version",
        "owners",
        "experiment",
        "model-index",
        "model_index",
        "metrics",
        "code",
        "data",
        "signature",
        "artifacts",
        "baseline",
        "metrics_file",
        "body",
        "results",
        "value",
        "ci",
        "n",
      ),
      fc.jsonValue({ maxDepth: 4 }),
    ),
    { maxLength: 8 },
  )
  .map((pairs) => Object.fromEntries(pairs));

const documents = fc.oneof(fc.jsonValue({ maxDepth: 5 }), keyed);

describe.each(PARSERS)("%s never throws", (_name, parse) => {
  it("on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => {
        expectOnlyParseFindings(parse(text).findings);
      }),
    );
  });

  it("on arbitrary values rendered as YAML, JSON and front matter", () => {
    fc.assert(
      fc.property(documents, fc.constantFrom("yaml", "json", "front matter"), (value, form) => {
        const yaml = stringify(value);
        const text =
          form === "json"
            ? JSON.stringify(value)
            : form === "yaml"
              ? yaml
              : `---\n${yaml}---\n# Title\ntext\n`;
        expectOnlyParseFindings(parse(text).findings);
      }),
    );
  });
});

/** A folder name as git stores it for a card (the card's own path is trusted). */
const folder = fc.stringMatching(/^[a-z0-9_-][a-z0-9._-]{0,8}$/);

describe("resolveRepoPath", () => {
  it("never returns a path with .., a backslash, NUL, or a leading /", () => {
    fc.assert(
      fc.property(fc.array(folder, { maxLength: 3 }), fc.string({ maxLength: 40 }), (folders, ref) => {
        const r = resolveRepoPath([...folders, "card.md"].join("/"), ref);
        if ("error" in r) return;
        expect(r.path.split("/")).not.toContain("..");
        expect(r.path).not.toMatch(/[\\\0]|^\/|\/\/|(^|\/)\.(\/|$)/);
      }),
    );
  });
});
