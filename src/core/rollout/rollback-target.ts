import { neutralize } from "../render/neutralize.ts";
import { environmentDeployments, type RolloutDeployment, successAt } from "./rollout-deployment.ts";

export type RollbackPlan =
  | { ok: true; current: RolloutDeployment; target: RolloutDeployment }
  | { ok: false; message: string };

/**
 * What `/rollback` redeploys: the newest deployment of the environment, older than the current
 * one, that once went live with another commit. The current one is the latest deployment (the
 * CD's own record of a rollout is not one: environmentDeployments); if that is already a
 * rollback there is nothing left to undo.
 */
export function rollbackTarget(deployments: readonly RolloutDeployment[], environment: string): RollbackPlan {
  const inEnv = environmentDeployments(deployments, environment);
  const current = inEnv[0];
  if (current === undefined)
    return {
      ok: false,
      message: `nothing has been deployed to ${neutralize(environment, { code: "span" })}.`,
    };
  if (current.payload?.kind === "rollback")
    return {
      ok: false,
      message: `${neutralize(environment, { code: "span" })} was already rolled back (deployment ${current.id}).`,
    };
  const target = inEnv.find((d) => d.id < current.id && d.sha !== current.sha && successAt(d) !== null);
  if (target === undefined)
    return {
      ok: false,
      message: `${neutralize(environment, { code: "span" })} has no earlier successful deployment to return to; take the stage down in your CD, or promote a fixed head.`,
    };
  return { ok: true, current, target };
}
