import type { ModelgatePayload } from "../../../src/core/rollout/modelgate-payload.ts";
import type { DeploymentState, RolloutDeployment } from "../../../src/core/rollout/rollout-deployment.ts";

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
