import { DEFAULT_STAGES } from "../../../src/core/policy/schema.ts";
import type { ModelgatePayload } from "../../../src/core/rollout/modelgate-payload.ts";
import type { PromoteInput } from "../../../src/core/rollout/promote-preconditions.ts";
import type { DeploymentState, RolloutDeployment } from "../../../src/core/rollout/rollout-deployment.ts";
import { type StageView, stageStates } from "../../../src/core/rollout/stage-states.ts";

export const HOUR = 3_600_000;
export const T0 = Date.UTC(2026, 10, 20, 14, 2);
export const HEAD = "h".repeat(40);
export const OLD = "o".repeat(40);

let nextId = 100;

/** A deployment of `model` to `model-stage`, with statuses given oldest first as [state, at]. */
export function deployment(
  stage: string,
  statuses: Array<[DeploymentState, number]>,
  over: Partial<ModelgatePayload> & { sha?: string; at?: number; id?: number; foreign?: boolean } = {},
): RolloutDeployment {
  const { sha = HEAD, at = statuses[0]?.[1] ?? T0, id = nextId++, foreign = false, ...payload } = over;
  return {
    id,
    environment: `fraud-${stage}`,
    sha,
    createdAt: at,
    creator: "modelgate[bot]",
    payload: foreign
      ? null
      : {
          modelgate: 1,
          model: "fraud",
          version: "2.3.0",
          stage,
          traffic: 0,
          pr: 1,
          actor: "alice",
          comment_id: 1,
          kind: "promote",
          ...payload,
        },
    statuses: statuses.map(([state, createdAt]) => ({ state, createdAt })).reverse(),
  };
}

/** PR 1's model `fraud` in the default stages, at `now`: where it stands in each. */
export const views = (deployments: RolloutDeployment[], now: number): StageView[] =>
  stageStates({
    stages: DEFAULT_STAGES,
    environment: "{model}-{stage}",
    model: "fraud",
    pr: 1,
    headSha: HEAD,
    deployments,
    now,
  });

/** `/promote` of PR 1's head to shadow with every condition met, nothing deployed yet. */
export const PROMOTE: PromoteInput = {
  stages: DEFAULT_STAGES,
  stage: "shadow",
  environment: "{model}-{stage}",
  model: "fraud",
  prefix: "",
  pr: { number: 1, state: "open", headSha: HEAD },
  gateCheck: "success",
  checks: new Map(),
  onHold: false,
  deployments: [],
  otherPrs: new Map(),
  now: T0,
};
