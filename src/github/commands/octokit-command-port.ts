import { collectModels } from "../../core/collect-models.ts";
import type { Policy } from "../../core/policy/schema.ts";
import { authorityStore } from "../authority/authority-store.ts";
import { ownDeployments } from "../authority/own-deployments.ts";
import { type AppIdentity, type EvaluateContext, evaluatePullRequest } from "../evaluate-pull-request.ts";
import { getPullRequest } from "../find-pull-request.ts";
import { GitHubSnapshot } from "../github-snapshot.ts";
import { sameBotLogin } from "../own-comments.ts";
import { serializeEvaluations } from "../serialize-evaluations.ts";
import type { CommandPort, PullInfo } from "./command-port.ts";
import { createDeploymentOnce } from "./create-deployment-once.ts";
import { type EnvironmentLock, InProcessLock } from "./environment-lock.ts";
import { listDeployments } from "./list-deployments.ts";
import type { CommitStatusState } from "./required-contexts.ts";

const STATUS_STATES = ["error", "failure", "pending", "success"] as const;
/** Bounds the reads for a commit with very many statuses (GitHub keeps at most 1,000 per context). */
const MAX_STATUS_PAGES = 10;

const status = (err: unknown): number | undefined =>
  typeof err === "object" && err !== null && "status" in err && typeof err.status === "number"
    ? err.status
    : undefined;

/** The command port over the installation's Octokit, for the repository of the event. */
export function octokitCommandPort(
  context: EvaluateContext,
  app: AppIdentity,
  policy: Policy,
  /** With a lock, refreshes take turns with the PR's other evaluations (see serializeEvaluations). */
  lock?: EnvironmentLock,
): CommandPort {
  const { octokit } = context;
  const evaluate = lock ? serializeEvaluations(lock) : evaluatePullRequest;
  const repo = context.repo();
  const authority = authorityStore(octokit, repo, app, lock ?? new InProcessLock());
  return {
    async permission(login) {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
          ...repo,
          username: login,
        });
        return {
          permission: data.permission,
          roleName: data.role_name ?? data.user?.role_name ?? data.permission,
        };
      } catch (err) {
        if (status(err) === 404) return { permission: "none", roleName: "none" };
        throw err;
      }
    },
    async isTeamMember(team, login) {
      const [org = "", slug = ""] = team.split("/");
      try {
        const { data } = await octokit.rest.teams.getMembershipForUserInOrg({
          org,
          team_slug: slug,
          username: login,
        });
        return data.state === "active";
      } catch (err) {
        // 404: not a member, or a team the App cannot see. 403: GitHub will not say.
        if (status(err) === 404) return false;
        if (status(err) === 403) return null;
        throw err;
      }
    },
    async react(commentId, content) {
      const res = await octokit.rest.reactions.createForIssueComment({
        ...repo,
        comment_id: commentId,
        content,
      });
      return { existed: res.status === 200 };
    },
    async reply(pr, body) {
      await octokit.rest.issues.createComment({ ...repo, issue_number: pr, body });
    },
    async hasReply(pr, marker) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number: pr,
        per_page: 100,
      });
      return comments.some(
        (c) => c.user !== null && sameBotLogin(c.user.login, app.botLogin) && (c.body ?? "").includes(marker),
      );
    },
    async pull(pr) {
      const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: pr });
      return {
        number: data.number,
        state: data.merged ? "merged" : data.state === "open" ? "open" : "closed",
        headSha: data.head.sha,
        baseSha: data.base.sha,
        changedFiles: data.changed_files ?? null,
        labels: data.labels.map((l) => l.name ?? ""),
      } satisfies PullInfo;
    },
    async addLabel(pr, name) {
      await octokit.rest.issues.addLabels({ ...repo, issue_number: pr, labels: [name] });
    },
    async removeLabel(pr, name) {
      await octokit.rest.issues.removeLabel({ ...repo, issue_number: pr, name }).catch((err: unknown) => {
        if (status(err) !== 404) throw err;
      });
    },
    // Only the App's own deployments are promotion records; another creator's payload is ignored.
    deployments: async (environments) =>
      ownDeployments(await listDeployments(octokit, repo, environments), app.botLogin),
    createDeployment: (input) => createDeploymentOnce(octokit, repo, input),
    async checkRuns(sha) {
      const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
        ...repo,
        ref: sha,
        per_page: 100,
      });
      return runs
        .sort((a, b) => b.id - a.id)
        .map((r) => ({ name: r.name, conclusion: r.conclusion ?? null, ours: r.app?.id === app.appId }));
    },
    async commitStatuses(sha) {
      const out: CommitStatusState[] = [];
      // The combined status pages its statuses (100 a page) without a Link GitHub's paginate follows.
      for (let page = 1; page <= MAX_STATUS_PAGES; page++) {
        const { data } = await octokit.rest.repos.getCombinedStatusForRef({
          ...repo,
          ref: sha,
          per_page: 100,
          page,
        });
        for (const s of data.statuses) {
          const state = STATUS_STATES.find((known) => known === s.state);
          if (state !== undefined) out.push({ context: s.context, state });
        }
        if (data.statuses.length < 100 || page * 100 >= data.total_count) break;
      }
      return out;
    },
    async changedModels(pull) {
      const snapshot = new GitHubSnapshot(
        octokit,
        { ...repo, number: pull.number, headSha: pull.headSha, baseSha: pull.baseSha },
        app.appId,
        pull.changedFiles,
      );
      const collected = await collectModels(snapshot, policy);
      return collected.models.map((m) => ({ name: m.name, version: m.card.version }));
    },
    async refresh(pr, now) {
      const target = await getPullRequest(octokit, repo.owner, repo.repo, pr);
      await evaluate(context, target, app, { refresh: true, now });
    },
    authority: (pull) => authority.read(pull),
    record: (pull, record) => authority.record(pull, record),
  };
}
