import type { Stage } from "../policy/schema.ts";

/** A model's stage that an environment name stands for; `model` is null when the template has no `{model}`. */
export interface EnvironmentStage {
  model: string | null;
  stage: string;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The (model, stage) pairs whose environment, by `rollout.environment`, is `environment`: the
 * inverse of `environmentName`. GitHub compares environment names case-insensitively, so this
 * does too. More than one pair means the name is ambiguous (stages `canary` and `a-canary` with
 * `{model}-{stage}` both read `x-a-canary`); none means it is not a modelgate environment.
 */
export function environmentStages(
  template: string,
  stages: readonly Stage[],
  environment: string,
): EnvironmentStage[] {
  const out: EnvironmentStage[] = [];
  for (const stage of stages) {
    let seen = false;
    const source = template
      .split(/(\{model\}|\{stage\})/)
      .map((part) => {
        if (part === "{stage}") return escapeRegExp(stage.name);
        if (part !== "{model}") return escapeRegExp(part);
        // Every `{model}` in the template is the same name.
        const group = seen ? "\\k<model>" : "(?<model>.+)";
        seen = true;
        return group;
      })
      .join("");
    const match = new RegExp(`^${source}$`, "iu").exec(environment);
    if (match === null) continue;
    out.push({ model: match.groups?.model ?? null, stage: stage.name });
  }
  return out;
}
