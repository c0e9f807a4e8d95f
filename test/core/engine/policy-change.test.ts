import { describe, expect, it } from "vitest";
import type { Conclusion } from "../../../src/core/report.ts";
import type { Tree } from "./memory-snapshot.ts";
import { cardText, model, README } from "./repo-builders.ts";
import { runEngine } from "./run-engine.ts";

/**
 * A PR that edits `.github/modelgate.yml`: the head policy is validated in dry run and its
 * errors are annotated on its own lines, while the policy given to the engine (the default
 * branch's) governs the PR.
 */

const POLICY = ".github/modelgate.yml";
const base: Tree = { ...README, ...model("models/a", { name: "a" }), [POLICY]: "version: 1\n" };
const unlicensed = cardText({ name: "a" }).replace("license: mit\n", "");

interface Row {
  name: string;
  head: Tree;
  /** `code severity file:line`, in report order. */
  findings: string[];
  conclusion: Conclusion;
}

const rows: Row[] = [
  {
    name: "a valid edit: one notice",
    head: { ...base, [POLICY]: "version: 1\nchecks: { split: true }\n" },
    findings: [`policy.changed notice ${POLICY}:1`],
    conclusion: "success",
  },
  {
    name: "an unknown key: an error on its line",
    head: { ...base, [POLICY]: "version: 1\ngates:\n  documentaton: { mode: off }\n" },
    findings: [`policy.invalid error ${POLICY}:3`, `policy.changed notice ${POLICY}:1`],
    conclusion: "failure",
  },
  {
    name: "a wrong type: an error on the value's line",
    head: { ...base, [POLICY]: "version: 1\ngates:\n  lineage:\n    mode: sometimes\n" },
    findings: [`policy.invalid error ${POLICY}:4`, `policy.changed notice ${POLICY}:1`],
    conclusion: "failure",
  },
  {
    name: "a YAML syntax error: an error on its line",
    head: { ...base, [POLICY]: "version: 1\nchecks:\n  name: a: b\n" },
    findings: [`policy.invalid error ${POLICY}:3`, `policy.changed notice ${POLICY}:1`],
    conclusion: "failure",
  },
  {
    name: "the head policy does not govern: turning a gate off does not hide its errors",
    head: {
      ...base,
      [POLICY]: "version: 1\ngates: { documentation: { mode: off } }\n",
      "models/a/MODEL_CARD.md": unlicensed,
    },
    findings: ["doc.missing-field error models/a/MODEL_CARD.md:1", `policy.changed notice ${POLICY}:1`],
    conclusion: "failure",
  },
  {
    name: "deleting the policy is a policy change",
    head: Object.fromEntries(Object.entries(base).filter(([p]) => p !== POLICY)),
    findings: [`policy.changed notice ${POLICY}:1`],
    conclusion: "success",
  },
  {
    name: "moving the policy away is deleting it",
    head: {
      ...Object.fromEntries(Object.entries(base).filter(([p]) => p !== POLICY)),
      "docs/old-modelgate.yml": base[POLICY] ?? "",
    },
    findings: [`policy.changed notice ${POLICY}:1`],
    conclusion: "success",
  },
];

describe("evaluatePr: a PR that changes the policy", () => {
  it.each(rows)("$name", async (row) => {
    const { report } = await runEngine({ base, head: row.head });
    expect(report.findings.map((f) => `${f.code} ${f.severity} ${f.file}:${f.line}`)).toEqual(row.findings);
    expect(report.conclusion).toBe(row.conclusion);
  });

  it("a new policy file is validated too", async () => {
    const withoutPolicy = Object.fromEntries(Object.entries(base).filter(([p]) => p !== POLICY));
    const { report } = await runEngine({
      base: withoutPolicy,
      head: { ...withoutPolicy, [POLICY]: "verson: 1\n" },
    });
    expect(report.findings.map((f) => `${f.code} ${f.file}:${f.line}`)).toEqual([
      `policy.invalid ${POLICY}:1`,
      `policy.changed ${POLICY}:1`,
    ]);
  });

  it("follows the policy path it is given", async () => {
    const path = "config/modelgate.yml";
    const { report } = await runEngine({
      base: { ...base, [path]: "version: 1\n" },
      head: { ...base, [path]: "version: 2\n" },
      options: { policyPath: path },
    });
    expect(report.findings.map((f) => `${f.code} ${f.file}`)).toEqual([
      `policy.invalid ${path}`,
      `policy.changed ${path}`,
    ]);
  });
});
