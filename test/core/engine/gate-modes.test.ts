import { describe, expect, it } from "vitest";
import type { Conclusion, Override } from "../../../src/core/report.ts";
import type { GateName } from "../../../src/core/types.ts";
import type { Tree } from "./memory-snapshot.ts";
import { cardText, model } from "./repo-builders.ts";
import { runEngine } from "./run-engine.ts";

/**
 * How the governing policy shapes the outcome: gate modes, per-model overrides by glob, and
 * `/override` (a failing gate counted passed, its errors kept as notices that say who and why).
 * Both models lose their `license` at head: one documentation error each.
 */

const base: Tree = {
  ...model("models/fraud", { name: "fraud-a" }),
  ...model("models/churn", { name: "churn-b" }),
};
const unlicensed = (name: string) => cardText({ name }).replace("license: mit\n", "");
const head: Tree = {
  ...base,
  "models/fraud/MODEL_CARD.md": unlicensed("fraud-a"),
  "models/churn/MODEL_CARD.md": unlicensed("churn-b"),
};

interface Row {
  name: string;
  policy?: string;
  overrides?: Partial<Record<GateName, Override>>;
  /** `model code severity`, sorted. */
  findings: string[];
  conclusion: Conclusion;
  /** The documentation gate across models: `conclusion` or `conclusion overridden`. */
  documentation: string;
}

const rows: Row[] = [
  {
    name: "enforce (default): errors fail",
    findings: ["churn-b doc.missing-field error", "fraud-a doc.missing-field error"],
    conclusion: "failure",
    documentation: "failure",
  },
  {
    name: "warn: errors become warnings",
    policy: "gates: { documentation: { mode: warn } }",
    findings: ["churn-b doc.missing-field warning", "fraud-a doc.missing-field warning"],
    conclusion: "success",
    documentation: "success",
  },
  {
    name: "off: the gate does not run",
    policy: "gates: { documentation: { mode: off } }",
    findings: [],
    conclusion: "success",
    documentation: "skipped",
  },
  {
    name: "per-model off by glob",
    policy: "models: { 'fraud-*': { gates: { documentation: { mode: off } } } }",
    findings: ["churn-b doc.missing-field error"],
    conclusion: "failure",
    documentation: "failure",
  },
  {
    name: "per-model warn by glob",
    policy: "models: { 'fraud-*': { gates: { documentation: { mode: warn } } } }",
    findings: ["churn-b doc.missing-field error", "fraud-a doc.missing-field warning"],
    conclusion: "failure",
    documentation: "failure",
  },
  {
    name: "per-model fields: only the other model needs a license",
    policy: "models: { 'churn-*': { gates: { documentation: { required_fields: [owners] } } } }",
    findings: ["fraud-a doc.missing-field error"],
    conclusion: "failure",
    documentation: "failure",
  },
  {
    name: "a glob that matches no model changes nothing",
    policy: "models: { 'nobody-*': { gates: { documentation: { mode: off } } } }",
    findings: ["churn-b doc.missing-field error", "fraud-a doc.missing-field error"],
    conclusion: "failure",
    documentation: "failure",
  },
  {
    name: "an override counts the gate passed",
    overrides: { documentation: { by: "alice", reason: "license pending legal review" } },
    findings: ["churn-b doc.missing-field notice", "fraud-a doc.missing-field notice"],
    conclusion: "success",
    documentation: "success overridden",
  },
  {
    name: "an override of another gate leaves this one failing",
    overrides: { versioning: { by: "alice", reason: "hotfix" } },
    findings: ["churn-b doc.missing-field error", "fraud-a doc.missing-field error"],
    conclusion: "failure",
    documentation: "failure",
  },
];

describe("evaluatePr: gate modes, per-model policy, overrides", () => {
  it.each(rows)("$name", async (row) => {
    const { report } = await runEngine({
      base,
      head,
      ...(row.policy ? { policy: row.policy } : {}),
      options: row.overrides ? { overrides: row.overrides } : {},
    });
    expect(report.findings.map((f) => `${f.model} ${f.code} ${f.severity}`).sort()).toEqual(row.findings);
    expect(report.conclusion).toBe(row.conclusion);
    const doc = report.gates.find((g) => g.gate === "documentation");
    expect(`${doc?.conclusion}${doc?.overridden ? " overridden" : ""}`).toBe(row.documentation);
  });

  it("an overridden finding says who overrode it and why", async () => {
    const override = { by: "alice", reason: "license pending legal review" };
    const { report } = await runEngine({ base, head, options: { overrides: { documentation: override } } });
    expect(report.gates.find((g) => g.gate === "documentation")?.overridden).toEqual(override);
    for (const f of report.findings) expect(f.message).toContain("@alice: license pending legal review");
    for (const m of report.models)
      expect(m.gates.find((g) => g.gate === "documentation")?.overridden).toEqual(override);
  });
});
