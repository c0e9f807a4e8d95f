import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, runCli, STACK_TRACE, tempDir, writeTree } from "./run-cli.ts";

/** `modelgate policy validate [FILE]` and `modelgate policy schema`. */

let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  tmp = await tempDir();
  await writeTree(tmp.dir, {
    ".github/modelgate.yml": "version: 1\ngates:\n  documentation: { mode: warn }\n",
    "broken.yml": [
      "version: 1",
      "gates:",
      "  documentation:",
      "    mode: sometimes",
      "  lineage:",
      "    requird: [code.commit]",
      "",
    ].join("\n"),
  });
});
afterAll(() => tmp?.remove());

describe("policy validate", () => {
  it("a valid file (the default path, from cwd) → 0", async () => {
    const run = await runCli(["policy", "validate"], tmp.dir);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toBe(".github/modelgate.yml: valid\n");
  });

  it("an invalid file → 2, one `file:line: policy.invalid: …` per error", async () => {
    const run = await runCli(["policy", "validate", "broken.yml"], tmp.dir);
    expect(run.code).toBe(2);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => /^broken\.yml:\d+: /.test(l)).map((l) => l.split(": ")[0])).toEqual([
      "broken.yml:4",
      "broken.yml:6",
    ]);
    expect(lines[0]).toMatch(/^broken\.yml:4: policy\.invalid: .*gates\.documentation\.mode/);
    expect(lines[1]).toMatch(/^broken\.yml:6: policy\.invalid: .*requird/);
    expect(lines.at(-1)).toBe("broken.yml: 2 errors");
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});

describe("policy schema", () => {
  it("prints the committed JSON Schema", async () => {
    const run = await runCli(["policy", "schema"]);
    expect(run.code).toBe(0);
    const committed = JSON.parse(await readFile(path.join(REPO, "schema/modelgate.schema.json"), "utf8"));
    expect(JSON.parse(run.stdout)).toEqual(committed);
  });
});
