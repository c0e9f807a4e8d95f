import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardText, manifestText, metricsText } from "../core/engine/repo-builders.ts";
import { folderPair, runCli, STACK_TRACE } from "./run-cli.ts";

/**
 * Hostile files in --head-dir (SPEC §1.3): each yields a finding with its file and line, the
 * other models are still checked, the exit code is 1, and nothing leaks to stderr.
 */

const MiB = 1024 * 1024;
/** A front matter whose aliases expand to 10^levels nodes, padded with a comment to `bytes`. */
function aliasBombCard(bytes: number): string {
  const lines = ["---", "name: bomb", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
  for (let i = 1; i < 9; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(", ")}]`,
    );
  const head = `${lines.join("\n")}\n`;
  return `${head}# ${"x".repeat(Math.max(0, bytes - head.length - 12))}\n---\n# bomb\n`;
}

const healthy = (dir: string, name: string) => ({
  [`${dir}/MODEL_CARD.md`]: cardText({ name }),
  [`${dir}/experiment.yaml`]: manifestText({ name }),
  [`${dir}/metrics.json`]: metricsText({ name }),
});

const head = {
  ...healthy("models/ok", "ok"),
  "models/big-bomb/MODEL_CARD.md": aliasBombCard(MiB + 100),
  "models/bomb/MODEL_CARD.md": aliasBombCard(MiB - 4096),
  "models/broken/MODEL_CARD.md": "---\nname: broken\nversion: 1.0.0\nowners: [@acme\n---\n# broken\n",
  ...healthy("models/bad-run", "bad-run"),
  "models/bad-run/experiment.yaml": "model: bad-run\ndata:\n  train: { name: x\n  eval: y\n",
};

let pair: Awaited<ReturnType<typeof folderPair>>;
beforeAll(async () => {
  pair = await folderPair({}, head);
});
afterAll(() => pair?.remove());

describe("check on hostile files", () => {
  it("reports each with file and line, keeps checking the rest, exits 1 without a stack trace", async () => {
    // A hang (an alias bomb expanded, a quadratic parse) would hit the test timeout: no clock here.
    const run = await runCli(["check", "--base-dir", pair.base, "--head-dir", pair.head, "--format", "json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(run.stderr).toBe("");
    const json = JSON.parse(run.stdout) as {
      models: { name: string }[];
      findings: { code: string; file: string; line: number | null }[];
    };
    const parse = json.findings.filter((f) => f.code.startsWith("parse."));
    expect(parse.map((f) => `${f.file} ${f.code}`).sort()).toEqual([
      "models/bad-run/experiment.yaml parse.yaml",
      "models/big-bomb/MODEL_CARD.md parse.too-large",
      "models/bomb/MODEL_CARD.md parse.unsafe",
      "models/broken/MODEL_CARD.md parse.yaml",
    ]);
    for (const f of parse) expect(f.line, `${f.file} ${f.code}`).toBeGreaterThanOrEqual(1);
    expect(parse.find((f) => f.file === "models/broken/MODEL_CARD.md")?.line).toBe(4);
    expect(json.models.map((m) => m.name)).toContain("ok");
    expect(json.findings.filter((f) => f.file?.startsWith("models/ok/"))).toEqual([]);
  });
});
