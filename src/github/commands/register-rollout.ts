import type { Probot } from "probot";
import { Policy } from "../../core/policy/schema.ts";
import { readPayload } from "../../core/rollout/modelgate-payload.ts";
import { DEPLOYMENT_STATES } from "../../core/rollout/rollout-deployment.ts";
import { HOLD_LABEL } from "../authority/read-authority.ts";
import type { AppIdentity } from "../evaluate-pull-request.ts";
import { loadGitHubPolicy } from "../load-github-policy.ts";
import { sameBotLogin } from "../own-comments.ts";
import type { EnvironmentLock } from "./environment-lock.ts";
import { answerWithoutPolicy, handleComment } from "./handle-comment.ts";
import { handleDeploymentStatus } from "./handle-deployment-status.ts";
import { handleUnlabeled } from "./handle-unlabeled.ts";
import { octokitCommandPort } from "./octokit-command-port.ts";

/**
 * The two-line adapters from events into handlers: slash commands in new PR comments (an
 * edited comment is never executed again, so `edited` is not subscribed) and the CD's
 * deployment statuses.
 */
export function registerRollout(
  app: Probot,
  identity: () => Promise<AppIdentity>,
  lock: EnvironmentLock,
): void {
  app.on("issue_comment.created", async (context) => {
    const { comment, issue } = context.payload;
    // Cheap filters first: most comments are not commands, and a policy read costs a call.
    if (!issue.pull_request || comment.user?.type === "Bot" || !comment.body.includes("/")) return;
    const loaded = await loadGitHubPolicy(context);
    const id = await identity();
    const { owner, repo } = context.repo();
    const event = {
      repo: `${owner}/${repo}`.toLowerCase(),
      pr: issue.number,
      isPullRequest: true,
      commentId: comment.id,
      body: comment.body,
      login: comment.user?.login ?? "",
      userType: comment.user?.type ?? "User",
      createdAt: Date.parse(comment.created_at),
    };
    const deps = { lock, botLogin: id.botLogin, key: id.key, log: context.log };
    if (!loaded.policy) {
      context.log.warn("the policy is invalid; commands are answered, not run, until it is fixed");
      return answerWithoutPolicy(octokitCommandPort(context, id, Policy.parse({}), lock), event, deps);
    }
    await handleComment(octokitCommandPort(context, id, loaded.policy, lock), event, {
      ...deps,
      policy: loaded.policy,
    });
  });

  // The hold label mirrors modelgate's hold: removed by hand, it may have to be put back.
  app.on("pull_request.unlabeled", async (context) => {
    const { label, sender, pull_request: pull } = context.payload;
    if (label?.name.toLowerCase() !== HOLD_LABEL || sender.type === "Bot") return;
    const loaded = await loadGitHubPolicy(context);
    if (!loaded.policy) return context.log.warn("the policy is invalid; the hold label is not checked");
    const id = await identity();
    const { owner, repo } = context.repo();
    await handleUnlabeled(
      octokitCommandPort(context, id, loaded.policy, lock),
      {
        repo: `${owner}/${repo}`.toLowerCase(),
        pr: pull.number,
        label: label.name,
        login: sender.login,
        userType: sender.type,
        createdAt: Date.parse(pull.updated_at),
        deliveryId: context.id,
      },
      { policy: loaded.policy, lock, botLogin: id.botLogin, key: id.key, log: context.log },
    );
  });

  app.on("deployment_status", async (context) => {
    const { deployment, deployment_status: status } = context.payload;
    const payload = readPayload(deployment.payload);
    if (payload === null) return;
    const id = await identity();
    // Only the App's own deployments: a copied payload must not trigger an automatic rollback.
    if (!sameBotLogin(deployment.creator?.login ?? "", id.botLogin)) return;
    const loaded = await loadGitHubPolicy(context);
    if (!loaded.policy) return context.log.warn("the policy is invalid; deployment status not handled");
    const { owner, repo } = context.repo();
    await handleDeploymentStatus(
      octokitCommandPort(context, id, loaded.policy, lock),
      {
        repo: `${owner}/${repo}`.toLowerCase(),
        deploymentId: deployment.id,
        environment: deployment.environment,
        payload,
        state: DEPLOYMENT_STATES.find((s) => s === status.state) ?? "pending",
        description: status.description ?? "",
        createdAt: Date.parse(status.created_at),
      },
      { policy: loaded.policy, lock, botLogin: id.botLogin, key: id.key, log: context.log },
    );
  });
}
