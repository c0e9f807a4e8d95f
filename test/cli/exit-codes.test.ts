import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { model } from "../core/engine/repo-builders.ts";
import { DEMO, folderPair, REPO, runCli, STACK_TRACE } from "./run-cli.ts";

/** Exit codes of SPEC §5: 0 success or neutral, 1 failure, 2 usage, unreadable input or invalid policy. */

const A = model("models/a", { name: "a" });
let pair: Awaited<ReturnType<typeof folderPair>>;

beforeAll(async () => {
  pair = await folderPair(A, {
    ...model("models/a", { name: "a", version: "1.1.0", learningRate: 0.5 }),
    "bad-policy.yml": "version: 1\ngates:\n  documentation:\n    mode: sometimes\n",
  });
});
afterAll(() => pair?.remove());

interface Row {
  name: string;
  args: () => string[];
  code: 0 | 1 | 2;
  /** Text the output must hold (stdout for 0 and 1, stderr for 2). */
  says: RegExp;
  usage?: boolean;
}

const check = (...extra: string[]) => ["check", "--base-dir", pair.base, "--head-dir", pair.head, ...extra];

const rows: Row[] = [
  { name: "success", args: () => check(), code: 0, says: /^modelgate: success/ },
  {
    name: "neutral: nothing changed",
    args: () => ["check", "--base-dir", pair.base, "--head-dir", pair.base],
    code: 0,
    says: /^modelgate: neutral/,
  },
  {
    name: "failure",
    args: () => ["check", "--base-dir", DEMO.base, "--head-dir", DEMO.head],
    code: 1,
    says: /^modelgate: failure/,
  },
  {
    name: "an invalid --policy: its errors at file:line",
    args: () => check("--policy", path.join(pair.head, "bad-policy.yml")),
    code: 2,
    says: /bad-policy\.yml:4: policy\.invalid: /,
  },
  {
    name: "a missing --policy file",
    args: () => check("--policy", "no-such-policy.yml"),
    code: 2,
    says: /^modelgate: cannot read the policy .*no-such-policy\.yml: no such file$/m,
  },
  {
    name: "a missing --base-dir",
    args: () => ["check", "--base-dir", path.join(REPO, "no-such-dir"), "--head-dir", pair.head],
    code: 2,
    says: /--base-dir .*no-such-dir is not a folder/,
    usage: true,
  },
  {
    name: "a missing --head-dir",
    args: () => ["check", "--head-dir", path.join(REPO, "no-such-dir")],
    code: 2,
    says: /--head-dir .*no-such-dir is not a folder/,
    usage: true,
  },
  {
    name: "a bad --format",
    args: () => check("--format", "yaml"),
    code: 2,
    says: /--format must be text, json or markdown/,
    usage: true,
  },
  { name: "an unknown flag", args: () => check("--fromat", "json"), code: 2, says: /--fromat/, usage: true },
  { name: "an unknown command", args: () => ["chekc"], code: 2, says: /unknown command: chekc/, usage: true },
];

describe("modelgate exit codes", () => {
  it.each(rows)("$name → $code", async (row) => {
    const run = await runCli(row.args());
    expect(run.code).toBe(row.code);
    const out = row.code === 2 ? run.stderr : run.stdout;
    expect(out).toMatch(row.says);
    if (row.usage) expect(run.stderr).toContain("Usage:\n  modelgate check");
    expect(run.stderr).not.toMatch(STACK_TRACE);
  });
});
