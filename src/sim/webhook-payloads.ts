import {
  appJson,
  checkRunJson,
  checkSuiteId,
  commentJson,
  deploymentJson,
  deploymentStatusJson,
  labelJson,
  pullJson,
  pullRefJson,
  repoJson,
  type Urls,
  urlsOf,
  userJson,
} from "./rest-shapes.ts";
import { toGitHubTime } from "./sim-clock.ts";
import type { SimRepo } from "./sim-repo.ts";
import type { SimState } from "./sim-state.ts";
import type { SimUser } from "./sim-types.ts";

type Sender = string | SimUser;

/**
 * Webhook payloads built from the simulator's state, shaped like GitHub's (see
 * @octokit/webhooks-examples): the same embedded objects as the REST API, plus
 * `installation`, `repository`, `organization` and `sender`.
 */
export class WebhookPayloads {
  constructor(
    private readonly state: SimState,
    private readonly defaultRepo: () => SimRepo,
    private readonly apiUrl: () => string,
  ) {}

  pullRequest(args: {
    action: string;
    number: number;
    sender?: Sender;
    before?: string;
    changes?: object;
    repo?: SimRepo;
    /** For `labeled` / `unlabeled`: the label's name. */
    label?: string;
  }) {
    const repo = args.repo ?? this.defaultRepo();
    const pull = repo.pull(args.number);
    const extra = {
      ...(args.action === "synchronize"
        ? { before: args.before ?? pull.head.sha, after: pull.head.sha }
        : {}),
      ...(args.changes === undefined ? {} : { changes: args.changes }),
      ...(args.label === undefined
        ? {}
        : { label: labelJson(repo, repo.ensureLabel(args.label), this.urls()) }),
    };
    const pullRequest = pullJson(repo, pull, this.urls());
    return {
      action: args.action,
      number: pull.number,
      pull_request: pullRequest,
      ...extra,
      ...this.envelope(repo, args.sender ?? pull.user),
    };
  }

  checkRunRerequested(args: { checkRunId: number; sender?: Sender; repo?: SimRepo }) {
    const repo = args.repo ?? this.defaultRepo();
    const run = repo.checkRuns.get(args.checkRunId);
    if (run === undefined) throw new Error(`no check run ${args.checkRunId}`);
    const checkRun = {
      ...checkRunJson(repo, run, this.urls()),
      check_suite: this.suite(repo, run.headSha, "completed"),
    };
    return { action: "rerequested", check_run: checkRun, ...this.envelope(repo, args.sender ?? "octocat") };
  }

  checkSuite(args: {
    action: "requested" | "rerequested" | "completed";
    sha: string;
    sender?: Sender;
    repo?: SimRepo;
  }) {
    const repo = args.repo ?? this.defaultRepo();
    const status = args.action === "completed" ? "completed" : "queued";
    return {
      action: args.action,
      check_suite: this.suite(repo, args.sha, status),
      ...this.envelope(repo, args.sender ?? "octocat"),
    };
  }

  /** `changes.body.from` for `edited`: pass the body `SimRepo.editComment` returned. */
  issueComment(args: {
    action: "created" | "edited" | "deleted";
    commentId: number;
    previousBody?: string;
    sender?: Sender;
    repo?: SimRepo;
  }) {
    const repo = args.repo ?? this.defaultRepo();
    const comment = repo.comments.get(args.commentId);
    if (comment === undefined) throw new Error(`no comment ${args.commentId}`);
    const changes = args.previousBody === undefined ? {} : { changes: { body: { from: args.previousBody } } };
    const issue = this.issue(repo, comment.issueNumber);
    const payload = {
      action: args.action,
      issue,
      comment: commentJson(repo, comment, this.urls()),
      ...changes,
    };
    return { ...payload, ...this.envelope(repo, args.sender ?? comment.user) };
  }

  /** The latest status of the deployment unless `statusId` names another. */
  deploymentStatus(args: { deploymentId: number; statusId?: number; sender?: Sender; repo?: SimRepo }) {
    const repo = args.repo ?? this.defaultRepo();
    const deployment = repo.deployments.get(args.deploymentId);
    const statuses = repo.statusesOf(args.deploymentId);
    const status = args.statusId === undefined ? statuses[0] : statuses.find((s) => s.id === args.statusId);
    if (deployment === undefined || status === undefined)
      throw new Error(`no status for deployment ${args.deploymentId}`);
    const urls = this.urls();
    return {
      action: "created",
      deployment_status: deploymentStatusJson(repo, status, urls),
      deployment: deploymentJson(repo, deployment, urls),
      ...this.envelope(repo, args.sender ?? status.creator),
    };
  }

  /**
   * `deployment_protection_rule.requested` for a run's job waiting on `environment` (default: its
   * first gate), shaped like GitHub's (@octokit/openapi's `webhook-deployment-protection-rule-requested`):
   * the job's deployment, the callback URL that carries the run id, and the run's PRs for a
   * `pull_request` run only (GitHub names none for other events).
   */
  deploymentProtectionRule(args: { runId: number; environment?: string; repo?: SimRepo; sender?: Sender }) {
    const repo = args.repo ?? this.defaultRepo();
    const run = repo.workflowRuns.get(args.runId);
    const gate = run?.gates.find(
      (g) => args.environment === undefined || g.environment.toLowerCase() === args.environment.toLowerCase(),
    );
    const deployment = gate === undefined ? undefined : repo.deployments.get(gate.deploymentId);
    if (run === undefined || gate === undefined || deployment === undefined)
      throw new Error(`run ${args.runId} waits on no such environment`);
    const urls = this.urls();
    const pulls =
      run.event === "pull_request"
        ? [...repo.pulls.values()].filter((p) => p.head.sha === run.headSha && p.state === "open")
        : [];
    return {
      action: "requested",
      environment: gate.environment,
      event: run.event,
      sha: run.headSha,
      ref: `refs/heads/${run.headBranch}`,
      deployment_callback_url: `${urls.api}/repos/${repo.fullName}/actions/runs/${run.id}/deployment_protection_rule`,
      deployment: deploymentJson(repo, deployment, urls),
      pull_requests: pulls.map((p) => pullJson(repo, p, urls)),
      ...this.envelope(repo, args.sender ?? run.actor),
    };
  }

  private urls(): Urls {
    return urlsOf(this.apiUrl());
  }

  private envelope(repo: SimRepo, sender: Sender) {
    const urls = this.urls();
    const user = typeof sender === "string" ? { login: sender, type: senderType(sender) } : sender;
    return {
      repository: repoJson(repo, urls),
      organization: { login: repo.owner, id: userJson({ login: repo.owner, type: "Organization" }, urls).id },
      installation: {
        id: this.state.installationId,
        node_id: Buffer.from(`023:Installation${this.state.installationId}`).toString("base64"),
      },
      sender: userJson(user, urls),
    };
  }

  /** Fork PRs are missing from `pull_requests`, as on GitHub. */
  private suite(repo: SimRepo, sha: string, status: string) {
    const urls = this.urls();
    const commit = repo.resolveRef(sha);
    const pulls = [...repo.pulls.values()].filter((p) => p.head.sha === sha && !p.fork);
    const headBranch =
      [...repo.pulls.values()].find((p) => p.head.sha === sha)?.head.ref ?? repo.defaultBranch;
    const at = toGitHubTime(commit?.createdAt ?? this.state.clock.now());
    return {
      id: checkSuiteId(repo, sha, this.state.app.id),
      head_branch: headBranch,
      head_sha: sha,
      status,
      conclusion: null,
      before: commit?.parents[0] ?? "0000000000000000000000000000000000000000",
      after: sha,
      pull_requests: pulls.map((p) => pullRefJson(repo, p, urls)),
      app: appJson(this.state, urls),
      created_at: at,
      updated_at: at,
      head_commit: { id: sha, message: commit?.message ?? "", timestamp: at },
    };
  }

  private issue(repo: SimRepo, number: number) {
    const pull = repo.pull(number);
    const { url, html_url, diff_url, patch_url, merged_at, ...rest } = pullJson(repo, pull, this.urls());
    const pullRequest = { url, html_url, diff_url, patch_url, merged_at };
    const { head: _head, base: _base, ...issueFields } = rest;
    return { ...issueFields, url: rest.issue_url, html_url, pull_request: pullRequest };
  }
}

function senderType(login: string): SimUser["type"] {
  return login.endsWith("[bot]") ? "Bot" : "User";
}
