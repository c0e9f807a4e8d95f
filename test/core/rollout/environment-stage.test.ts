import { describe, expect, it } from "vitest";
import type { Stage } from "../../../src/core/policy/schema.ts";
import { environmentStages } from "../../../src/core/rollout/environment-stage.ts";

const stages = (...names: string[]): Stage[] => names.map((name) => ({ name, traffic: 0 }));
const DEFAULT = stages("shadow", "canary", "production");

describe("environmentStages: the environment a job deploys to, as a model's stage", () => {
  it.each([
    { template: "{model}-{stage}", env: "fraud-canary", want: [{ model: "fraud", stage: "canary" }] },
    {
      template: "{model}-{stage}",
      env: "fraud-v2-production",
      want: [{ model: "fraud-v2", stage: "production" }],
    },
    { template: "{model}-{stage}", env: "Fraud-Canary", want: [{ model: "Fraud", stage: "canary" }] },
    { template: "{model}-{stage}", env: "staging", want: [] },
    { template: "{model}-{stage}", env: "-canary", want: [] },
    { template: "{model}-{stage}", env: "fraud-canary-2", want: [] },
    { template: "ml/{stage}/{model}", env: "ml/shadow/fraud", want: [{ model: "fraud", stage: "shadow" }] },
    { template: "ml.{model}.{stage}", env: "mlxfraudxshadow", want: [] },
    { template: "prod-{stage}", env: "prod-canary", want: [{ model: null, stage: "canary" }] },
    { template: "{model}-{stage}-{model}", env: "a-shadow-a", want: [{ model: "a", stage: "shadow" }] },
    { template: "{model}-{stage}-{model}", env: "a-shadow-b", want: [] },
  ])("$template reads $env", ({ template, env, want }) => {
    expect(environmentStages(template, DEFAULT, env)).toEqual(want);
  });

  it("reports every reading of an ambiguous name", () => {
    expect(environmentStages("{model}-{stage}", stages("canary", "a-canary"), "x-a-canary")).toEqual([
      { model: "x-a", stage: "canary" },
      { model: "x", stage: "a-canary" },
    ]);
  });
});
