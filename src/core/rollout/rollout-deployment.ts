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

/**
 * An environment's deployments as the rollout reads them, newest first.
 *
 * A deployment modelgate did not create, of the commit of an older modelgate deployment in the
 * same environment, is the CD's own record of that rollout: a workflow job with `environment:`
 * creates one when it starts, and when it succeeds GitHub marks every older deployment there
 * inactive (`auto_inactive`), modelgate's included, though nothing replaced it. Such a record is
 * left out, and the `inactive` it caused is undone: the deployment keeps the state it had, or,
 * when the CD reported only on its own record, takes that record's statuses. An `inactive` with
 * a newer deployment of another commit, or with no record of the CD to explain it, stands.
 */
export function environmentDeployments(
  deployments: readonly RolloutDeployment[],
  environment: string,
): RolloutDeployment[] {
  const inEnv = newestFirst(deployments.filter((d) => d.environment === environment));
  const isRecordOfCd = (d: RolloutDeployment) =>
    d.payload === null && inEnv.some((o) => o.id < d.id && o.payload !== null && o.sha === d.sha);
  const records = inEnv.filter(isRecordOfCd);
  const standing = inEnv.filter((d) => !records.includes(d));
  return standing.map((d) => {
    if (latestState(d) !== "inactive" || standing.some((o) => o.id > d.id)) return d;
    const own = records.filter((r) => r.id > d.id && r.sha === d.sha);
    if (own.length === 0) return d;
    const kept = withoutLatestInactive(d.statuses);
    if (kept.length > 0) return { ...d, statuses: kept };
    return { ...d, statuses: withoutLatestInactive(own[0]?.statuses ?? []) };
  });
}

const withoutLatestInactive = (statuses: RolloutDeployment["statuses"]): RolloutDeployment["statuses"] => {
  const k = statuses.findIndex((s) => s.state !== "inactive");
  return k === -1 ? [] : statuses.slice(k);
};
