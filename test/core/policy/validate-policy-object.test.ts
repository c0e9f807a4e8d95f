import { describe, expect, it } from "vitest";
import { Policy } from "../../../src/core/policy/schema.ts";
import { validatePolicyObject } from "../../../src/core/policy/validate-policy-object.ts";

describe("validatePolicyObject", () => {
  it("validates what Probot's context.config returns, with no lines to give", () => {
    const r = validatePolicyObject({ gates: { documentaton: {} } }, ".github/modelgate.yml");
    expect(r.policy).toBeNull();
    expect(r.findings).toEqual([
      {
        gate: "policy",
        code: "policy.invalid",
        severity: "error",
        model: null,
        file: ".github/modelgate.yml",
        line: null,
        message: "gates.documentaton is not a policy key (did you mean gates.documentation?)",
      },
    ]);
  });

  it("gives the defaults for a missing config and strips a leftover _extends", () => {
    expect(validatePolicyObject(null, "p.yml")).toEqual({ policy: Policy.parse({}), findings: [] });
    expect(validatePolicyObject(undefined, "p.yml").policy).toEqual(Policy.parse({}));
    expect(
      validatePolicyObject({ _extends: "org/.github", checks: { split: true } }, "p.yml").policy?.checks
        .split,
    ).toBe(true);
  });

  it("falls back to the nearest ancestor's line when the key itself has none", () => {
    const lines: Record<string, number> = { "": 1, rollout: 3 };
    const lineOf = (path: ReadonlyArray<PropertyKey>) => lines[path.join(".")] ?? null;
    const r = validatePolicyObject({ rollout: { stages: [{ name: "a", soak: "soon" }] } }, "p.yml", lineOf);
    expect(r.findings.map((f) => f.line)).toEqual([3]);
  });

  it("does not mutate its input", () => {
    const input = { _extends: "x", rollout: { auto_rollback: true } };
    const copy = structuredClone(input);
    validatePolicyObject(input, "p.yml");
    expect(input).toEqual(copy);
  });
});
