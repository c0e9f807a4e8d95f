import { describe, expect, it } from "vitest";
import { gatesForModel, sharedGatesForModel } from "../../../src/core/policy/gates-for-model.ts";
import { Policy, type PolicyInput } from "../../../src/core/policy/schema.ts";

const policyOf = (input: PolicyInput): Policy => Policy.parse(input);

const base: PolicyInput = {
  gates: {
    documentation: { required_sections: ["intended use", "limitations"] },
    evaluation: {
      metrics: [
        { name: "auc", direction: "higher", max_drop: 0.01, required: true },
        { name: "latency_p99_ms", direction: "lower", max: 50 },
      ],
      slices: { max_drop: 0.05 },
    },
  },
};

describe("gatesForModel", () => {
  it("returns the policy's gates when no entry matches", () => {
    const policy = policyOf({ ...base, models: { "churn-*": { gates: { lineage: { mode: "off" } } } } });
    expect(gatesForModel(policy, "fraud-detector")).toEqual(policy.gates);
  });

  it.each([
    { glob: "fraud-*", name: "fraud-detector", matches: true },
    { glob: "*", name: "fraud-detector", matches: true },
    { glob: "fraud-detector", name: "fraud-detector", matches: true },
    { glob: "fraud-{detector,scorer}", name: "fraud-scorer", matches: true },
    { glob: "fraud-*", name: "fraudster", matches: false },
    { glob: "fraud-*", name: "Fraud-detector", matches: false },
    { glob: "*-v2", name: "ranker-v2", matches: true },
  ])("glob $glob matches $name: $matches", ({ glob, name, matches }) => {
    const policy = policyOf({ models: { [glob]: { gates: { lineage: { mode: "warn" } } } } });
    expect(gatesForModel(policy, name).lineage.mode).toBe(matches ? "warn" : "enforce");
  });

  it("merges objects deeply: only the keys the override names change", () => {
    const policy = policyOf({
      ...base,
      models: {
        "fraud-*": {
          gates: { versioning: { bump: { data: "major" } }, evaluation: { slices: { min_n: 100 } } },
        },
      },
    });
    const gates = gatesForModel(policy, "fraud-detector");
    expect(gates.versioning.bump).toEqual({ ...policy.gates.versioning.bump, data: "major" });
    expect(gates.evaluation.slices).toEqual({ required: [], max_drop: 0.05, min_n: 100 });
    expect(gates.evaluation.metrics).toEqual(policy.gates.evaluation.metrics);
  });

  it("merges metric rules by name: fields of the override win, new names are appended", () => {
    const policy = policyOf({
      ...base,
      models: {
        "fraud-*": {
          gates: {
            evaluation: {
              metrics: [
                { name: "AUC", max_drop: 0.002, slices: true },
                { name: "recall", direction: "higher", min: 0.8 },
              ],
            },
          },
        },
      },
    });
    expect(gatesForModel(policy, "fraud-detector").evaluation.metrics).toEqual([
      { name: "AUC", direction: "higher", max_drop: 0.002, required: true, slices: true },
      { name: "latency_p99_ms", direction: "lower", max: 50 },
      { name: "recall", direction: "higher", min: 0.8 },
    ]);
  });

  it("replaces other lists", () => {
    const policy = policyOf({
      ...base,
      models: { "*": { gates: { documentation: { required_sections: ["evaluation"] } } } },
    });
    expect(gatesForModel(policy, "x").documentation.required_sections).toEqual(["evaluation"]);
  });

  it("an explicit null in an override wins over the policy's value", () => {
    const policy = policyOf({
      ...base,
      models: { "*": { gates: { evaluation: { slices: { max_drop: null } } } } },
    });
    expect(gatesForModel(policy, "x").evaluation.slices.max_drop).toBeNull();
  });

  it("applies every matching entry in key order; a later entry wins", () => {
    const policy = policyOf({
      models: {
        "*": { gates: { documentation: { mode: "warn", min_section_chars: 10 } } },
        "fraud-*": { gates: { documentation: { mode: "off" } } },
        "churn-*": { gates: { documentation: { mode: "enforce" } } },
      },
    });
    expect(gatesForModel(policy, "fraud-detector").documentation).toMatchObject({
      mode: "off",
      min_section_chars: 10,
    });
    expect(gatesForModel(policy, "churn-model").documentation).toMatchObject({
      mode: "enforce",
      min_section_chars: 10,
    });
    expect(gatesForModel(policy, "other").documentation).toMatchObject({
      mode: "warn",
      min_section_chars: 10,
    });
  });

  it("does not mutate the policy, and the result shares nothing with it", () => {
    const policy = policyOf({
      ...base,
      models: {
        "*": {
          gates: { evaluation: { metrics: [{ name: "auc", max_drop: 0.5 }] }, lineage: { required: [] } },
        },
      },
    });
    const before = structuredClone(policy);
    const gates = gatesForModel(policy, "m");
    gates.evaluation.metrics.push({ name: "new" });
    gates.documentation.required_sections.push("x");
    const first = gates.evaluation.metrics[0];
    if (first) first.max_drop = 99;
    expect(policy).toEqual(before);
    expect(gatesForModel(policy, "m").evaluation.metrics[0]?.max_drop).toBe(0.5);
  });

  it("shares one frozen answer between models that match the same entries (the engine's path)", () => {
    // Twelve entries: positions 1 and 11 must not be confused when the matches are remembered.
    const models = Object.fromEntries(
      Array.from({ length: 12 }, (_, i) => [
        i === 0 ? "zzz" : `*${i}*`,
        { gates: { documentation: { required_sections: [`s${i}`] } } },
      ]),
    );
    const policy = policyOf({ ...base, models });
    const sections = (name: string) => sharedGatesForModel(policy, name).documentation.required_sections;
    expect(sections("m11")).toEqual(["s11"]);
    expect(sections("m1")).toEqual(["s1"]);
    expect(sections("m7")).toEqual(["s7"]);
    expect(sections("none")).toEqual(["intended use", "limitations"]);
    for (const name of ["m11", "m1", "m7", "none", "m12"])
      expect(sharedGatesForModel(policy, name)).toEqual(gatesForModel(policy, name));
    expect(sharedGatesForModel(policy, "a7")).toBe(sharedGatesForModel(policy, "b7"));
    const shared = sharedGatesForModel(policy, "m3");
    expect(Object.isFrozen(shared.evaluation.metrics[0])).toBe(true);
    // gatesForModel's answer is the caller's own: changing it changes no other model's.
    gatesForModel(policy, "m3").documentation.required_sections.push("x");
    expect(sharedGatesForModel(policy, "m3").documentation.required_sections).toEqual(["s3"]);
  });
});
