import { parseDuration } from "../policy/parse-duration.ts";
import type { Stage } from "../policy/schema.ts";
import {
  type DeploymentState,
  environmentDeployments,
  environmentName,
  isFailed,
  isInFlight,
  latestState,
  type RolloutDeployment,
  successAt,
} from "./rollout-deployment.ts";

export type StageStatus =
  | { kind: "pending" }
  | { kind: "deploying"; state: DeploymentState | null }
  | { kind: "active"; since: number; actor: string }
  /** Live, but the next stage's `soak` has not elapsed since it went live. */
  | { kind: "soaking"; since: number; actor: string; leftMs: number; readyAt: number }
  | { kind: "failed"; at: number; state: DeploymentState }
  | { kind: "rolled-back"; at: number; actor: string }
  /** Another deployment (another PR's) replaced this PR's in the environment. */
  | { kind: "replaced"; byPr: number | null };

export interface StageView {
  stage: Stage;
  environment: string;
  status: StageStatus;
  /** This PR's latest deployment to the stage, if any. */
  deployment: RolloutDeployment | null;
  /** The deployment is of the PR's current head commit. */
  isHead: boolean;
}

export interface StageStatesInput {
  stages: readonly Stage[];
  /** `rollout.environment`. */
  environment: string;
  model: string;
  pr: number;
  headSha: string;
  /** Deployments of the model's environments (any order; others are ignored). */
  deployments: readonly RolloutDeployment[];
  now: number;
}

/** Where a PR's model stands in each stage, from the deployments and their statuses alone. */
export function stageStates(input: StageStatesInput): StageView[] {
  return input.stages.map((stage, i) => {
    const environment = environmentName(input.environment, input.model, stage.name);
    const inEnv = environmentDeployments(input.deployments, environment);
    const mine =
      inEnv.find(
        (d) => d.payload?.kind === "promote" && d.payload.pr === input.pr && d.payload.model === input.model,
      ) ?? null;
    const view = { stage, environment, deployment: mine, isHead: mine?.sha === input.headSha };
    if (mine === null) return { ...view, status: { kind: "pending" } };
    return { ...view, status: statusOf(mine, inEnv, input.stages[i + 1] ?? null, input.now) };
  });
}

function statusOf(
  mine: RolloutDeployment,
  inEnv: RolloutDeployment[],
  next: Stage | null,
  now: number,
): StageStatus {
  const newer = inEnv.filter((d) => d.id > mine.id);
  const rollback = newer.find((d) => d.payload?.kind === "rollback");
  if (rollback !== undefined)
    return {
      kind: "rolled-back",
      at: rollback.createdAt,
      actor: rollback.payload?.actor ?? rollback.creator,
    };
  const state = latestState(mine);
  if (isInFlight(state)) return { kind: "deploying", state };
  if (state !== null && isFailed(state))
    return { kind: "failed", at: mine.statuses[0]?.createdAt ?? 0, state };
  const since = successAt(mine);
  if (state === "inactive" || since === null)
    return { kind: "replaced", byPr: newer[0]?.payload?.pr ?? null };
  const actor = mine.payload?.actor ?? mine.creator;
  const soakMs = next?.soak ? parseDuration(next.soak) : 0;
  const readyAt = since + soakMs;
  if (now < readyAt) return { kind: "soaking", since, actor, leftMs: readyAt - now, readyAt };
  return { kind: "active", since, actor };
}
