import { neutralize } from "../../core/render/neutralize.ts";
import { formatUtc } from "../../core/rollout/format-utc.ts";
import type { ModelgatePayload } from "../../core/rollout/modelgate-payload.ts";
import { type DeploymentState, isFailed } from "../../core/rollout/rollout-deployment.ts";
import { signedMarker } from "../authority/signed-marker.ts";
import type { CommandDeps } from "./command-context.ts";
import type { CommandPort } from "./command-port.ts";
import { performRollback } from "./perform-rollback.ts";

/** A `deployment_status` event as the handler needs it. */
export interface DeploymentStatusEvent {
  repo: string;
  deploymentId: number;
  environment: string;
  /** Null when the deployment is not modelgate's: then the event is not ours. */
  payload: ModelgatePayload | null;
  state: DeploymentState;
  description: string;
  createdAt: number;
}

/**
 * The CD reported on one of our deployments: with `auto_rollback`, a failed promotion is rolled
 * back (never a failed rollback: that would loop); the tracker is refreshed either way.
 */
export async function handleDeploymentStatus(
  port: CommandPort,
  event: DeploymentStatusEvent,
  deps: CommandDeps,
): Promise<void> {
  const p = event.payload;
  if (p === null) return;
  if (deps.policy.rollout.auto_rollback && isFailed(event.state) && p.kind === "promote") {
    const result = await performRollback(port, deps.policy, deps.lock, {
      repo: event.repo,
      model: p.model,
      stage: p.stage,
      pr: p.pr,
      actor: deps.botLogin,
      commentId: null,
      failedDeploymentId: event.deploymentId,
    });
    const what = `${neutralize(p.stage)} of ${neutralize(p.model)} ${neutralize(p.version ?? "")} reported \`${event.state}\` at ${formatUtc(event.createdAt)}${
      event.description ? ` (${neutralize(event.description)})` : ""
    }`;
    // A refusal is the same on every redelivery (the failed deployment stays the latest): say it once.
    const marker = signedMarker(deps.key, "auto-rollback", event.repo, p.pr, event.deploymentId);
    if (!result.ok) {
      if (!(await port.hasReply(p.pr, marker)))
        await port.reply(
          p.pr,
          `${marker}\n⚠️ ${what}; auto_rollback could not roll it back: ${result.message}`,
        );
    } else if (result.restored !== null)
      await port.reply(
        p.pr,
        `↩️ ${what}; auto_rollback redeployed ${neutralize(result.restored.version ?? result.restored.sha.slice(0, 7), { code: "span" })} (deployment ${result.deploymentId}).`,
      );
  }
  await port.refresh(p.pr, event.createdAt);
}
