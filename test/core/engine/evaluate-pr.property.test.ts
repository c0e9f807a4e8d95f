import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { MAX_READ_ROUNDS } from "../../../src/core/collect-models.ts";
import type { Tree } from "./memory-snapshot.ts";
import { cardText, manifestText, metricsText } from "./repo-builders.ts";
import { runEngine } from "./run-engine.ts";

/** No repository content makes evaluatePr throw: every file is hostile data (SPEC §1.3). */

const PATHS = [
  "models/a/MODEL_CARD.md",
  "models/a/experiment.yaml",
  "models/a/metrics.json",
  "models/a/sub/model-card.yml",
  "models/a/sub/experiment.json",
  "models/b/model_card.md",
  "models/b/experiment.yml",
  "runs/experiment.yaml",
  ".github/modelgate.yml",
] as const;

const aliasBomb = (levels: number): string => {
  const lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < levels; i++)
    lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(", ")}]`);
  return `${lines.join("\n")}\n`;
};

const HOSTILE = [
  "",
  "---\n",
  "---\n---\n",
  "---\nname: [unclosed\n---\n# x\n",
  aliasBomb(9),
  `---\n${aliasBomb(6)}---\n# body\n`,
  `${"[".repeat(5000)}\n`,
  `${"- ".repeat(200)}x\n`,
  `${"{a: ".repeat(100)}1${"}".repeat(100)}\n`,
  "!!python/object:os.system [rm -rf /]\n",
  "name: !custom x\nversion: 1.0.0\n",
  "<<<<<<< HEAD\nversion: 1.0.0\n=======\nversion: 1.1.0\n>>>>>>> branch\n",
  "version: {{ version }}\n",
  "model: a\nmetrics_file: ../../etc/passwd\n",
  "model: a\nmetrics_file: /\n",
  "model: a\nmetrics: [{ name: auc, value: .nan }, { name: auc, value: 1e309 }]\n",
  "__proto__: { polluted: true }\nconstructor: 1\n",
  "\u0000\u0001\ufeff\ud800",
  "x".repeat(1024 * 1024 + 1),
];

/** Plausible files, broken ones, and random text. */
const fileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.constantFrom(...HOSTILE),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? "null"),
  fc.jsonValue({ maxDepth: 4 }).map((v) => stringify(v)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => `---\n${stringify({ name: "a", ...asObject(v) })}---\n# a\n`),
  fc
    .record({
      name: fc.constantFrom("a", "b", "a-sub", ""),
      version: fc.constantFrom("1.0.0", "2.0.0-rc.1", "x", "0.1.0"),
      auc: fc.double(),
      cut: fc.nat(600),
    })
    .chain(({ cut, ...spec }) =>
      fc.constantFrom(cardText(spec), manifestText(spec), metricsText(spec)).map((t) => t.slice(0, cut)),
    ),
);

function asObject(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { v };
}

const tree: fc.Arbitrary<Tree> = fc
  .array(fc.tuple(fc.constantFrom(...PATHS), fileText), { maxLength: PATHS.length })
  .map((entries) => Object.fromEntries(entries));

const policy = fc.constantFrom(
  "",
  "gates: { documentation: { mode: warn }, lineage: { mode: off } }",
  "models: { 'a*': { gates: { evaluation: { metrics: [{ name: auc, direction: higher, min: 0.5, max_drop: 0.01, slices: true }] } } } }",
  "paths: { ignore: ['models/b/**'] }",
);

describe("evaluatePr on arbitrary repositories", () => {
  it("never throws, and every finding is well formed", async () => {
    await fc.assert(
      fc.asyncProperty(tree, tree, policy, async (base, head, policyText) => {
        const { report, reads } = await runEngine({ base, head, policy: policyText });
        expect(["success", "failure", "neutral"]).toContain(report.conclusion);
        expect(reads).toBeLessThanOrEqual(MAX_READ_ROUNDS);
        for (const f of report.findings) {
          expect(f.code).toMatch(/^[a-z]+\.[a-z-]+$/);
          expect(["error", "warning", "notice"]).toContain(f.severity);
          if (f.line !== null) expect(Number.isInteger(f.line) && f.line >= 1).toBe(true);
        }
        if (report.findings.some((f) => f.severity === "error")) expect(report.conclusion).toBe("failure");
      }),
      { numRuns: 150 },
    );
  });
});
