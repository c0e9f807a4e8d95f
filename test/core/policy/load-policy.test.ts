import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadPolicy } from "../../../src/core/policy/load-policy.ts";
import { Policy } from "../../../src/core/policy/schema.ts";

const FILE = ".github/modelgate.yml";

describe("loadPolicy", () => {
  it.each([
    ["no file", null],
    ["an empty file", ""],
    ["whitespace", "  \n\n"],
    ["comments only", "# yaml-language-server: $schema=x\n"],
    ["an explicit null document", "~\n"],
  ])("%s gives the defaults", (_name, text) => {
    expect(loadPolicy(FILE, text)).toEqual({ policy: Policy.parse({}), findings: [] });
  });

  it("returns a fresh policy each time, so a caller cannot change another's defaults", () => {
    const a = loadPolicy(FILE, null).policy;
    a?.rollout.stages.pop();
    expect(loadPolicy(FILE, null).policy?.rollout.stages).toHaveLength(3);
  });

  it("ignores _extends at the top level, but not deeper", () => {
    expect(loadPolicy(FILE, "_extends: .github\n").findings).toEqual([]);
    const { findings } = loadPolicy(FILE, "gates:\n  _extends: x\n");
    expect(findings.map((f) => f.message)).toEqual([
      "gates._extends is not a policy key; the keys here are documentation, versioning, lineage, evaluation",
    ]);
  });

  it("reports YAML syntax errors as policy.invalid with their line", () => {
    const r = loadPolicy(FILE, "version: 1\ngates: {\n  documentation: [\n");
    expect(r.policy).toBeNull();
    expect(r.findings[0]).toMatchObject({ gate: "policy", code: "policy.invalid", file: FILE });
    expect(r.findings[0]?.line).toBeTypeOf("number");
  });

  it("refuses a policy over 64 KiB before parsing", () => {
    const r = loadPolicy(FILE, `# ${"x".repeat(64 * 1024)}\nversion: 1\n`);
    expect(r.policy).toBeNull();
    expect(r.findings.map((f) => f.code)).toEqual(["parse.too-large"]);
    expect(r.findings[0]?.gate).toBe("policy");
  });

  it("refuses custom tags", () => {
    const r = loadPolicy(FILE, "checks: !!js/function x\n");
    expect(r.policy).toBeNull();
    expect(r.findings.map((f) => f.code)).toEqual(["parse.unsafe"]);
  });

  it("never throws, whatever the text (YAML or JSON)", () => {
    const policyish = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.constantFrom("enforce", "1 day", "24h", "auc", "higher", null, true, 0, -1, 101, 0.95),
        fc.string(),
        fc.double(),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(
          fc.constantFrom(
            "gates",
            "evaluation",
            "metrics",
            "name",
            "min",
            "rollout",
            "stages",
            "soak",
            "models",
            "*",
            "_extends",
            "mode",
            "slices",
          ),
          tie("value"),
          { maxKeys: 4 },
        ),
      ),
    })).value;
    const text = fc.oneof(
      fc.string(),
      fc.string({
        unit: fc.constantFrom(
          ":",
          " ",
          "\n",
          "-",
          "[",
          "]",
          "{",
          "}",
          "&a",
          "*a",
          "!!",
          "#",
          "'",
          '"',
          "a",
          "1",
          "\t",
          "? ",
          "|",
        ),
      }),
      policyish.map((v) => JSON.stringify(v) ?? ""),
    );
    fc.assert(
      fc.property(text, (t) => {
        const r = loadPolicy(FILE, t);
        // Fail closed: a policy or findings, never both, never neither.
        expect(r.policy === null).toBe(r.findings.length > 0);
        for (const f of r.findings) expect(f.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
