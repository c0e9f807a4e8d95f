import type { RolloutDeployment } from "../../core/rollout/rollout-deployment.ts";
import { sameBotLogin } from "../own-comments.ts";

/**
 * Promotion records come only from deployments the App created (SPEC §4.4): anyone with write
 * access can create a deployment with modelgate's payload, so another creator's payload is
 * dropped. The deployment itself stays (a CD's own deploy is still a version to roll back to).
 */
export function ownDeployments(
  deployments: readonly RolloutDeployment[],
  botLogin: string,
): RolloutDeployment[] {
  return deployments.map((d) => (sameBotLogin(d.creator, botLogin) ? d : { ...d, payload: null }));
}
