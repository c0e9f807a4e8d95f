import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { COMMAND_NAMES, COMMAND_USAGE } from "../../src/cli/usage.ts";
import { REPO, runCli } from "./run-cli.ts";

/** `--help`, `help COMMAND`, `--version` and usage errors (SPEC §5), in process: no git, no files. */

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    cwd: REPO,
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    env: {},
  });
  return { code, stdout, stderr };
}

describe("help", () => {
  const asked = COMMAND_NAMES.flatMap((name) => [
    { name, argv: [...name.split(" "), "--help"] },
    { name, argv: [...name.split(" "), "-h"] },
    { name, argv: ["help", ...name.split(" ")] },
    // Help wins over whatever else is wrong with the line.
    { name, argv: [...name.split(" "), "--no-such-flag", "-h"] },
  ]);
  it.each(asked)("$argv prints the usage of `modelgate $name`, exit 0", async ({ name, argv }) => {
    const r = await run(argv);
    expect(r).toEqual({ code: 0, stdout: COMMAND_USAGE[name], stderr: "" });
    expect(r.stdout).toMatch(new RegExp(`^Usage:\\n  modelgate ${name}`));
  });

  it("every command's usage lists -h, --help", () => {
    for (const name of COMMAND_NAMES) expect(COMMAND_USAGE[name]).toContain("-h, --help");
  });

  it.each([["--help"], ["-h"], ["help"]])("%s prints the general usage naming every command", async (arg) => {
    const r = await run([arg]);
    expect(r.code).toBe(0);
    for (const name of COMMAND_NAMES) expect(r.stdout).toContain(`modelgate ${name}`);
  });

  it("no command: the usage on stderr, exit 2", async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Usage:/);
  });
});

describe("--version", () => {
  it("prints package.json's version", async () => {
    const { readFile } = await import("node:fs/promises");
    const pkg = JSON.parse(await readFile(`${REPO}/package.json`, "utf8")) as { version: string };
    expect(await run(["--version"])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });
});

interface UsageRow {
  argv: string[];
  /** The first line on stderr. */
  says: string;
  /** Whose usage follows it. */
  usage: string;
}

const usageRows: UsageRow[] = [
  { argv: ["check", "--foo"], says: "unknown option --foo for `modelgate check`", usage: "check" },
  { argv: ["check", "-x"], says: "unknown option -x for `modelgate check`", usage: "check" },
  { argv: ["ci", "--fomat", "json"], says: "unknown option --fomat for `modelgate ci`", usage: "ci" },
  { argv: ["init", "--forse"], says: "unknown option --forse for `modelgate init`", usage: "init" },
  { argv: ["init", "--force=yes"], says: "--force takes no value for `modelgate init`", usage: "init" },
  { argv: ["init", "here"], says: 'unexpected argument "here" for `modelgate init`', usage: "init" },
  {
    argv: ["policy", "validate", "a.yml", "b.yml"],
    says: 'unexpected argument "b.yml" for `modelgate policy validate`',
    usage: "policy validate",
  },
  {
    argv: ["policy", "schema", "--out", "x"],
    says: "unknown option --out for `modelgate policy schema`",
    usage: "policy schema",
  },
  { argv: ["check", "--policy"], says: "--policy needs a value for `modelgate check`", usage: "check" },
  {
    argv: ["check", "--policy", "--format", "json"],
    says: "--policy needs a value for `modelgate check`",
    usage: "check",
  },
  {
    argv: ["check", "--format", "json", "--format", "text"],
    says: "--format is given twice for `modelgate check`",
    usage: "check",
  },
  {
    argv: ["check", "--base-dir", "fixtures/demo/base"],
    says: "--base-dir needs --head-dir: give --head-dir . to compare with the working folder",
    usage: "check",
  },
  {
    argv: ["check", "--base", "HEAD", "--base-dir", "a", "--head-dir", "b"],
    says: "give --base or --base-dir, not both",
    usage: "check",
  },
  {
    argv: ["check", "--format", "yaml"],
    says: "--format must be text, json or markdown (got yaml)",
    usage: "check",
  },
  { argv: ["chekc"], says: "unknown command: chekc", usage: "general" },
  { argv: ["--frobnicate"], says: "unknown option --frobnicate (see modelgate --help)", usage: "general" },
  { argv: ["policy"], says: "`modelgate policy` needs a subcommand: validate or schema", usage: "general" },
  {
    argv: ["policy", "lint"],
    says: "unknown command: policy lint (policy validate, policy schema)",
    usage: "general",
  },
  {
    argv: ["help", "deploy"],
    says: 'no help for "deploy": the commands are check, ci, init, policy validate, policy schema',
    usage: "general",
  },
  {
    argv: ["ci"],
    says: "`modelgate ci` runs inside a GitHub Actions job (GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set); elsewhere use `modelgate check`",
    usage: "ci",
  },
];

describe("usage errors: exit 2, the message naming the flag, then the command's usage", () => {
  it.each(usageRows)("$argv", async (row) => {
    const r = await run(row.argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const [first, ...rest] = r.stderr.split("\n");
    expect(first).toBe(`modelgate: ${row.says}`);
    const usage = row.usage === "general" ? "Usage:\n  modelgate check" : COMMAND_USAGE[row.usage as "check"];
    expect(rest.join("\n")).toContain(usage);
  });
});

// The same through the real binary: the process's exit code and streams.
it("the binary: `modelgate check --foo` exits 2 naming the flag; `modelgate check -h` exits 0", async () => {
  const bad = await runCli(["check", "--foo"]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/^modelgate: unknown option --foo for `modelgate check`\n/);
  const help = await runCli(["check", "-h"]);
  expect(help).toMatchObject({ code: 0, stderr: "" });
  expect(help.stdout).toBe(COMMAND_USAGE.check);
});
