import { createDeploymentStatus } from "../../src/sim/deployment-store.ts";
import type { GitHubSimulator } from "../../src/sim/github-simulator.ts";
import type { SimRepo } from "../../src/sim/sim-repo.ts";
import type { Deployment, DeploymentStatus, Permission } from "../../src/sim/sim-types.ts";
import { type Files, modelFiles, README } from "../fixtures/model-repo.ts";
import { type RepoWithPull, repoWithPull, sendPullRequest } from "./harness.ts";

export const HOUR = 3_600_000;

/** The fraud model's retraining: 1.0.0 → 1.0.1, AUC 0.90 → 0.91, with the README (passes the default policy). */
export const FRAUD_BASE: Files = { ...README, ...modelFiles({ name: "fraud", version: "1.0.0", auc: 0.9 }) };
export const FRAUD_HEAD: Files = { ...README, ...modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 }) };

/** Who may do what in a test's repository: login → permission, and the role GitHub names. */
export type People = Record<string, [Permission["permission"], string?]>;

/**
 * A repository with a PR of `files` (the fraud model's retraining by default), `policy` as
 * `.github/modelgate.yml` on both sides, `people`'s permissions, and its `pull_request.opened`
 * delivered and answered 200.
 */
export async function openRolloutPr(
  sim: GitHubSimulator,
  prefix: string,
  opts: { people: People; policy?: string; files?: { base: Files; head: Files } },
): Promise<RepoWithPull> {
  const policyFile: Files = opts.policy ? { ".github/modelgate.yml": opts.policy } : {};
  const files = opts.files ?? { base: FRAUD_BASE, head: FRAUD_HEAD };
  const pr = repoWithPull(sim, prefix, {
    base: { ...files.base, ...policyFile },
    head: { ...files.head, ...policyFile },
  });
  for (const [login, [permission, role]] of Object.entries(opts.people))
    pr.repo.setPermission(login, permission, role);
  const status = await sendPullRequest(sim, pr);
  if (status !== 200) throw new Error(`pull_request.opened was answered ${status}`);
  return pr;
}

/** A PR comment by `login`, delivered as a signed `issue_comment.created` webhook. */
export async function comment(
  sim: GitHubSimulator,
  repo: SimRepo,
  login: string,
  body: string,
  opts: { id?: string; url?: string } = {},
): Promise<{ status: number; commentId: number }> {
  const c = repo.addComment(1, body, login);
  const payload = sim.payloads.issueComment({ action: "created", commentId: c.id, repo });
  const status = await sim.sendWebhook({ name: "issue_comment", payload, ...opts });
  return { status, commentId: c.id };
}

/** What the team's CD does: report a status on the deployment, and GitHub sends `deployment_status`. */
export async function cdReports(
  sim: GitHubSimulator,
  repo: SimRepo,
  deployment: Deployment | undefined,
  state: DeploymentStatus["state"],
): Promise<void> {
  if (deployment === undefined) throw new Error("no deployment to report on");
  createDeploymentStatus(repo, deployment, { state, creator: { login: "deployer", type: "User" } });
  await sim.sendWebhook({
    name: "deployment_status",
    payload: sim.payloads.deploymentStatus({ deploymentId: deployment.id, repo }),
  });
}

export const deploymentsOf = (repo: SimRepo): Deployment[] => [...repo.deployments.values()];

/** The rollout line of `model` in the sticky comment. */
export function trackerOf(repo: SimRepo, model: string): string {
  const sticky = [...repo.comments.values()].find((c) => c.body.includes("<!-- modelgate:sticky -->"));
  return sticky?.body.split("\n").find((l) => l.startsWith(`- **${model}**`)) ?? "(no tracker)";
}

/** The App's reply to a comment, without its hidden markers. */
export function replyTo(repo: SimRepo, commentId: number): string | null {
  const reply = [...repo.comments.values()].find((c) =>
    c.body.includes(`<!-- modelgate:reply ${commentId} `),
  );
  return reply ? reply.body.replace(/<!--[\s\S]*?-->\n?/g, "") : null;
}

export const reactionsOn = (repo: SimRepo, commentId: number): string[] =>
  repo.reactions.filter((r) => r.commentId === commentId).map((r) => r.content);
