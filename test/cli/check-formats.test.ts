import { beforeAll, describe, expect, it } from "vitest";
import { type CliRun, DEMO, runCli } from "./run-cli.ts";

/** `--format text` and `--format markdown` carry the verdict and every finding's file:line. */

interface JsonFinding {
  code: string;
  file: string | null;
  line: number | null;
}

const runs: Record<"json" | "text" | "markdown", CliRun> = {} as never;
beforeAll(async () => {
  for (const format of ["json", "text", "markdown"] as const)
    runs[format] = await runCli([
      "check",
      "--base-dir",
      DEMO.base,
      "--head-dir",
      DEMO.head,
      "--format",
      format,
    ]);
});

describe.each(["text", "markdown"] as const)("check --format %s on the demo", (format) => {
  it("exits like the JSON run, with nothing on stderr", () => {
    expect(runs.json.code).toBe(1);
    expect(runs[format].code).toBe(runs.json.code);
    expect(runs[format].stderr).toBe("");
  });

  it("starts with the verdict", () => {
    const first = runs[format].stdout.split("\n")[0] ?? "";
    expect(first).toContain("modelgate");
    expect(first).toContain(JSON.parse(runs.json.stdout).conclusion);
  });

  it("names every model and shows every finding's code at its file:line", () => {
    const json = JSON.parse(runs.json.stdout) as { models: { name: string }[]; findings: JsonFinding[] };
    const out = runs[format].stdout;
    for (const m of json.models) expect(out).toContain(m.name);
    const located = json.findings.filter((f) => f.file !== null && f.line !== null);
    expect(located.length).toBeGreaterThan(0);
    for (const f of located) {
      const line = out.split("\n").find((l) => l.includes(`${f.file}:${f.line}`));
      expect(line, `${f.code} at ${f.file}:${f.line}`).toBeDefined();
      expect(out).toContain(f.code);
    }
  });
});

describe("check --format text", () => {
  it("puts each finding's code beside its file:line", () => {
    const json = JSON.parse(runs.json.stdout) as { findings: JsonFinding[] };
    const lines = runs.text.stdout.split("\n");
    for (const f of json.findings.filter((x) => x.file && x.line))
      expect(lines.some((l) => l.includes(f.code) && l.includes(`${f.file}:${f.line}`))).toBe(true);
  });
});
