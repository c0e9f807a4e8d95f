import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../src/core/render/render-markdown.ts";
import { renderText } from "../../../src/core/render/render-text.ts";
import { statisticsLine } from "../../../src/core/render/statistics-line.ts";
import type { Tree } from "../engine/memory-snapshot.ts";
import { runEngine } from "../engine/run-engine.ts";

const summary = {
  kind: "gated" as "gated" | "unguarded",
  comparisons: 210,
  correction: "holm" as const,
  confidence: 0.95,
  significant: 1,
  correctedAway: 0,
  underpowered: 0,
};

describe("statisticsLine: the report's one line on the PR's statistics", () => {
  it.each([
    { s: summary, line: "210 comparisons, Holm-adjusted at 95 %: 1 significant regression" },
    {
      s: { ...summary, significant: 0, correctedAway: 2 },
      line: "210 comparisons, Holm-adjusted at 95 %: no significant regressions; 2 drops significant alone but not after the correction",
    },
    {
      s: { ...summary, correction: "bh" as const, significant: 3 },
      line: "210 comparisons, Benjamini–Hochberg-adjusted at 95 % (false discovery rate 5 %): 3 significant regressions",
    },
    {
      s: { ...summary, correction: "none" as const, significant: 12, underpowered: 1 },
      line: "210 comparisons, each tested alone at 95 % (correction: none): 12 significant regressions; 1 comparison too noisy to detect a drop of its tolerance (eval.underpowered)",
    },
    {
      s: { ...summary, comparisons: 1, confidence: 0.99, significant: 0, underpowered: 1 },
      line: "1 comparison, tested at 99 %: no significant regressions; 1 comparison too noisy to detect a drop of its tolerance (eval.underpowered)",
    },
    {
      s: { ...summary, kind: "unguarded" as const, comparisons: 40, significant: 1, correctedAway: 3 },
      line: "40 comparisons of metrics no rule names, Holm-adjusted at 95 %: 1 significant drop (eval.unguarded-drop); 3 drops significant alone but not after the correction",
    },
  ])("$line", ({ s, line }) => {
    expect(statisticsLine(s)).toBe(line);
  });
});

/** fixtures/demo/{base,head} as trees, as `npm run demo` and the CLI read them. */
function tree(dir: string): Tree {
  const out: Tree = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, "utf8");
    }
  };
  walk(dir);
  return out;
}

describe("the demo PR's statistics", () => {
  const demo = fileURLToPath(new URL("../../../fixtures/demo/", import.meta.url));
  const base = tree(join(demo, "base"));
  const head = tree(join(demo, "head"));

  it("still fails on its real regressions, and the check summary and text say how they were tested", async () => {
    // The default branch's policy governs the PR.
    const policy = base[".github/modelgate.yml"] ?? "";
    const { report } = await runEngine({ base, head, policy });
    expect(report.conclusion).toBe("failure");
    const regressions = report.findings.filter((f) => f.code === "eval.regression");
    expect(regressions.map((f) => f.severity)).toEqual(["error", "error"]);
    expect(regressions.every((f) => f.message.includes("after Holm's correction over 5 comparisons"))).toBe(
      true,
    );
    const line = "5 comparisons, Holm-adjusted at 95 %: 2 significant regressions";
    expect(report.notes.some((n) => n.startsWith(line))).toBe(true);
    expect(renderMarkdown(report)).toContain(line);
    expect(renderText(report)).toContain(line);
  });
});
