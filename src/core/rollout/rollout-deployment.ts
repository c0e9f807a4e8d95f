import type { ModelgatePayload } from "./modelgate-payload.ts";

export const DEPLOYMENT_STATES = [
  "error",
  "failure",
  "inactive",
  "in_progress",
  "queued",
  "pending",
  "success",
] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

/** A GitHub Deployment as the rollout model needs it; times in epoch milliseconds. */
export interface RolloutDeployment {
  id: number;
  environment: string;
  sha: string;
  createdAt: number;
  creator: string;
  /** Null for a deployment modelgate did not create (e.g. the CD's first deploy). */
  payload: ModelgatePayload | null;
  /** Newest first. */
  statuses: ReadonlyArray<{ state: DeploymentState; createdAt: number; description?: string }>;
}

export const latestState = (d: RolloutDeployment): DeploymentState | null => d.statuses[0]?.state ?? null;

/** When the deployment first went live, or null if it never did. */
export function successAt(d: RolloutDeployment): number | null {
  const first = [...d.statuses].reverse().find((s) => s.state === "success");
  return first?.createdAt ?? null;
}

export const isFailed = (s: DeploymentState | null): boolean => s === "failure" || s === "error";
/** No final word from the CD yet. */
export const isInFlight = (s: DeploymentState | null): boolean =>
  s === null || s === "queued" || s === "pending" || s === "in_progress";

/** The environment of a model's stage: `rollout.environment` with `{model}` and `{stage}` filled in. */
export function environmentName(template: string, model: string, stage: string): string {
  return template.replaceAll("{model}", model).replaceAll("{stage}", stage);
}

export const newestFirst = (ds: readonly RolloutDeployment[]): RolloutDeployment[] =>
  [...ds].sort((a, b) => b.id - a.id);
