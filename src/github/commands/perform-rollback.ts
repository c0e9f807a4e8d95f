import type { Policy } from "../../core/policy/schema.ts";
import { neutralize } from "../../core/render/neutralize.ts";
import { rollbackTarget } from "../../core/rollout/rollback-target.ts";
import { environmentName } from "../../core/rollout/rollout-deployment.ts";
import type { CommandPort } from "./command-port.ts";
import type { EnvironmentLock } from "./environment-lock.ts";

export interface RollbackRequest {
  repo: string;
  model: string;
  stage: string;
  pr: number;
  actor: string;
  /** The `/rollback` comment; null for an automatic rollback. */
  commentId: number | null;
  /** Automatic rollback: only if this failed deployment is still the environment's latest. */
  failedDeploymentId?: number;
}

export type RollbackResult =
  | { ok: true; deploymentId: number | null; restored: { sha: string; version: string | null } | null }
  | { ok: false; message: string };

/**
 * Redeploys the previous successful version of a stage's environment, under its lock. A
 * redelivered `/rollback` (same comment) or a repeated failure event finds the rollback already
 * made and makes none.
 */
export async function performRollback(
  port: CommandPort,
  policy: Policy,
  lock: EnvironmentLock,
  req: RollbackRequest,
): Promise<RollbackResult> {
  const { stages, environment } = policy.rollout;
  const index = stages.findIndex((s) => s.name === req.stage);
  const stage = stages[index];
  if (stage === undefined)
    return {
      ok: false,
      message: `there is no stage ${neutralize(req.stage, { code: "span" })} in the policy.`,
    };
  const env = environmentName(environment, req.model, stage.name);
  return lock.withLock(`${req.repo}:${env}`, async () => {
    const deployments = await port.deployments([env]);
    const latest = deployments.find((d) => d.environment === env);
    if (
      req.commentId !== null &&
      deployments.some((d) => d.payload?.kind === "rollback" && d.payload.comment_id === req.commentId)
    )
      return { ok: true, deploymentId: null, restored: null };
    if (req.failedDeploymentId !== undefined && latest?.id !== req.failedDeploymentId)
      return { ok: true, deploymentId: null, restored: null };
    const plan = rollbackTarget(deployments, env);
    if (!plan.ok) return { ok: false, message: plan.message };
    const version = plan.target.payload?.version ?? null;
    const created = await port.createDeployment({
      sha: plan.target.sha,
      environment: env,
      latestSeen: latest?.id ?? null,
      production: index === stages.length - 1,
      description: neutralize(
        `modelgate: roll ${req.model} back to ${version ?? plan.target.sha.slice(0, 7)} in ${stage.name}`,
        { max: 140 },
      ),
      payload: {
        modelgate: 1,
        model: req.model,
        version,
        stage: stage.name,
        traffic: stage.traffic,
        pr: req.pr,
        actor: req.actor,
        comment_id: req.commentId,
        kind: "rollback",
      },
    });
    return { ok: true, deploymentId: created.id, restored: { sha: plan.target.sha, version } };
  });
}
