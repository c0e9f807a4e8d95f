import type { Probot } from "probot";
import type { ProtectionDecision } from "../../core/rollout/protection-comment.ts";
import type { EnvironmentLock } from "../commands/environment-lock.ts";
import { octokitCommandPort } from "../commands/octokit-command-port.ts";
import type { AppIdentity } from "../evaluate-pull-request.ts";
import { loadGitHubPolicy } from "../load-github-policy.ts";
import { decideDeployment } from "./decide-deployment.ts";
import { handleProtectionRule } from "./handle-protection-rule.ts";
import { octokitProtectionPort } from "./octokit-protection-port.ts";
import { protectionRequest } from "./protection-request.ts";

/** The two-line adapter from `deployment_protection_rule.requested` into the handler. */
export function registerProtectionRule(
  app: Probot,
  identity: () => Promise<AppIdentity>,
  lock: EnvironmentLock,
): void {
  app.on("deployment_protection_rule.requested", async (context) => {
    const { owner, repo } = context.repo();
    const req = protectionRequest(`${owner}/${repo}`, context.payload, Date.now());
    if (typeof req === "string") return context.log.warn(`deployment protection rule not answerable: ${req}`);
    const protection = octokitProtectionPort(context.octokit, { owner, repo });
    // Everything that can fail is inside `decide`, so that a failure becomes a rejection.
    const decide = async (): Promise<ProtectionDecision> => {
      const loaded = await loadGitHubPolicy(context);
      if (!loaded.policy)
        return {
          state: "rejected",
          environment: req.environment,
          subject: null,
          reasons: [
            {
              code: "policy.invalid",
              message:
                "the policy .github/modelgate.yml on the default branch is invalid: fix it (the check on any PR lists its errors), then re-run the job.",
            },
          ],
        };
      const port = octokitCommandPort(context, await identity(), loaded.policy, lock);
      return decideDeployment(port, protection, loaded.policy, req);
    };
    await handleProtectionRule({ protection, lock, log: context.log }, req, decide);
  });
}
