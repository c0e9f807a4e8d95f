import { sha1 } from "./git-hash.ts";
import { toGitHubTime } from "./sim-clock.ts";
import type { SimRepo } from "./sim-repo.ts";
import type { SimState } from "./sim-state.ts";
import type {
  CheckRun,
  Deployment,
  DeploymentStatus,
  IssueComment,
  Label,
  PullRequest,
  SimUser,
} from "./sim-types.ts";

/**
 * GitHub's REST wire shapes for the simulator's objects, shared by the REST routes and the
 * webhook payloads (GitHub embeds the same objects in both). Only fields a client could
 * plausibly read are filled; URLs point back at the simulator.
 */

export interface Urls {
  api: string;
  web: string;
}

export function urlsOf(apiUrl: string): Urls {
  return { api: apiUrl, web: apiUrl.replace(/\/api\/v3$/, "") };
}

const time = (ms: number | null) => (ms === null ? null : toGitHubTime(ms));

export function userId(login: string): number {
  return Number.parseInt(sha1(login).slice(0, 7), 16);
}

export function userJson(user: SimUser, urls: Urls) {
  return {
    login: user.login,
    id: userId(user.login),
    node_id: Buffer.from(`04:User${userId(user.login)}`).toString("base64"),
    avatar_url: `${urls.web}/avatars/${encodeURIComponent(user.login)}`,
    url: `${urls.api}/users/${encodeURIComponent(user.login)}`,
    html_url: `${urls.web}/${encodeURIComponent(user.login)}`,
    type: user.type,
    site_admin: false,
  };
}

export function repoJson(repo: SimRepo, urls: Urls) {
  return {
    id: repo.id,
    node_id: Buffer.from(`010:Repository${repo.id}`).toString("base64"),
    name: repo.name,
    full_name: repo.fullName,
    private: false,
    owner: userJson({ login: repo.owner, type: "Organization" }, urls),
    html_url: `${urls.web}/${repo.fullName}`,
    description: null,
    fork: false,
    url: `${urls.api}/repos/${repo.fullName}`,
    default_branch: repo.defaultBranch,
    visibility: "public",
  };
}

export function appJson(state: SimState, urls: Urls) {
  const { app } = state;
  return {
    id: app.id,
    slug: app.slug,
    node_id: Buffer.from(`03:App${app.id}`).toString("base64"),
    name: app.name,
    owner: userJson({ login: app.owner, type: "Organization" }, urls),
    html_url: `${urls.web}/apps/${app.slug}`,
    permissions: {
      actions: "read",
      checks: "write",
      contents: "read",
      deployments: "write",
      issues: "write",
      pull_requests: "write",
    },
    events: [
      "pull_request",
      "issue_comment",
      "check_run",
      "check_suite",
      "deployment_status",
      "deployment_protection_rule",
    ],
  };
}

export function pullJson(repo: SimRepo, pull: PullRequest, urls: Urls) {
  const api = `${urls.api}/repos/${repo.fullName}`;
  return {
    url: `${api}/pulls/${pull.number}`,
    id: repo.id * 100_000 + pull.number,
    node_id: Buffer.from(`011:PullRequest${pull.number}`).toString("base64"),
    html_url: `${urls.web}/${repo.fullName}/pull/${pull.number}`,
    diff_url: `${urls.web}/${repo.fullName}/pull/${pull.number}.diff`,
    patch_url: `${urls.web}/${repo.fullName}/pull/${pull.number}.patch`,
    issue_url: `${api}/issues/${pull.number}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: userJson(pull.user, urls),
    body: pull.body,
    labels: (repo.issueLabels.get(pull.number) ?? []).map((name) =>
      labelJson(repo, repo.ensureLabel(name), urls),
    ),
    created_at: time(pull.createdAt),
    updated_at: time(pull.updatedAt),
    closed_at: time(pull.closedAt),
    merged_at: time(pull.mergedAt),
    merge_commit_sha: pull.merged ? repo.branches.get(pull.base.ref) : null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    draft: pull.draft,
    head: branchJson(repo, pull, "head", urls),
    base: branchJson(repo, pull, "base", urls),
    author_association: "CONTRIBUTOR",
    merged: pull.merged,
    mergeable: pull.state === "open" ? true : null,
    mergeable_state: "clean",
    merged_by: null,
    comments: [...repo.comments.values()].filter((c) => c.issueNumber === pull.number).length,
  };
}

function branchJson(repo: SimRepo, pull: PullRequest, side: "head" | "base", urls: Urls) {
  const { ref, sha } = pull[side];
  const fromFork = side === "head" && pull.fork;
  const owner = fromFork ? pull.user.login : repo.owner;
  const repoShape = repoJson(repo, urls);
  const forkShape = { ...repoShape, full_name: `${owner}/${repo.name}`, fork: true, id: userId(owner) };
  return {
    label: `${owner}:${ref}`,
    ref,
    sha,
    user: userJson({ login: owner, type: fromFork ? "User" : "Organization" }, urls),
    repo: fromFork ? { ...forkShape, owner: userJson(pull.user, urls) } : repoShape,
  };
}

export function commentJson(repo: SimRepo, comment: IssueComment, urls: Urls) {
  const api = `${urls.api}/repos/${repo.fullName}`;
  const byApp = comment.user.type === "Bot" && comment.user.login === `${repo.state.app.slug}[bot]`;
  return {
    id: comment.id,
    node_id: Buffer.from(`012:IssueComment${comment.id}`).toString("base64"),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${urls.web}/${repo.fullName}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userJson(comment.user, urls),
    created_at: time(comment.createdAt),
    updated_at: time(comment.updatedAt),
    author_association: byApp ? "NONE" : associationOf(repo, comment.user.login),
    performed_via_github_app: byApp ? appJson(repo.state, urls) : null,
  };
}

function associationOf(repo: SimRepo, login: string): string {
  const { permission } = repo.permissionOf(login);
  return permission === "admin" || permission === "write" ? "MEMBER" : "CONTRIBUTOR";
}

export function checkRunJson(repo: SimRepo, run: CheckRun, urls: Urls) {
  const api = `${urls.api}/repos/${repo.fullName}`;
  const pullRequests = [...repo.pulls.values()].filter((p) => p.head.sha === run.headSha && !p.fork);
  return {
    id: run.id,
    node_id: Buffer.from(`014:CheckRun${run.id}`).toString("base64"),
    head_sha: run.headSha,
    external_id: run.externalId,
    url: `${api}/check-runs/${run.id}`,
    html_url: `${urls.web}/${repo.fullName}/runs/${run.id}`,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: time(run.startedAt),
    completed_at: time(run.completedAt),
    output: {
      title: run.output.title,
      summary: run.output.summary,
      text: run.output.text,
      annotations_count: run.output.annotations.length,
      annotations_url: `${api}/check-runs/${run.id}/annotations`,
    },
    name: run.name,
    check_suite: { id: checkSuiteId(repo, run.headSha, run.appId) },
    app: appJson(repo.state, urls),
    pull_requests: pullRequests.map((p) => pullRefJson(repo, p, urls)),
  };
}

/** One suite per (commit, app), as GitHub creates them; the id only has to be stable. */
export function checkSuiteId(repo: SimRepo, sha: string, appId: number): number {
  return Number.parseInt(sha1(`${repo.id}:${sha}:${appId}`).slice(0, 8), 16);
}

/** The abbreviated PR GitHub puts in check runs and check suites. */
export function pullRefJson(repo: SimRepo, pull: PullRequest, urls: Urls) {
  const ref = { id: repo.id, url: `${urls.api}/repos/${repo.fullName}`, name: repo.name };
  return {
    url: `${urls.api}/repos/${repo.fullName}/pulls/${pull.number}`,
    id: repo.id * 100_000 + pull.number,
    number: pull.number,
    head: { ref: pull.head.ref, sha: pull.head.sha, repo: ref },
    base: { ref: pull.base.ref, sha: pull.base.sha, repo: ref },
  };
}

export function labelJson(repo: SimRepo, label: Label, urls: Urls) {
  return {
    id: label.id,
    node_id: Buffer.from(`05:Label${label.id}`).toString("base64"),
    url: `${urls.api}/repos/${repo.fullName}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

export function deploymentJson(repo: SimRepo, deployment: Deployment, urls: Urls) {
  const api = `${urls.api}/repos/${repo.fullName}/deployments/${deployment.id}`;
  return {
    url: api,
    id: deployment.id,
    node_id: Buffer.from(`010:Deployment${deployment.id}`).toString("base64"),
    sha: deployment.sha,
    ref: deployment.ref,
    task: deployment.task,
    payload: deployment.payload,
    original_environment: deployment.environment,
    environment: deployment.environment,
    description: deployment.description,
    creator: userJson(deployment.creator, urls),
    created_at: time(deployment.createdAt),
    updated_at: time(deployment.updatedAt),
    statuses_url: `${api}/statuses`,
    repository_url: `${urls.api}/repos/${repo.fullName}`,
    transient_environment: deployment.transientEnvironment,
    production_environment: deployment.productionEnvironment,
    performed_via_github_app: deployment.creator.type === "Bot" ? appJson(repo.state, urls) : null,
  };
}

export function deploymentStatusJson(repo: SimRepo, status: DeploymentStatus, urls: Urls) {
  const deploymentUrl = `${urls.api}/repos/${repo.fullName}/deployments/${status.deploymentId}`;
  return {
    url: `${deploymentUrl}/statuses/${status.id}`,
    id: status.id,
    node_id: Buffer.from(`016:DeploymentStatus${status.id}`).toString("base64"),
    state: status.state,
    creator: userJson(status.creator, urls),
    description: status.description,
    environment: status.environment,
    target_url: status.logUrl,
    log_url: status.logUrl,
    environment_url: status.environmentUrl,
    created_at: time(status.createdAt),
    updated_at: time(status.createdAt),
    deployment_url: deploymentUrl,
    repository_url: `${urls.api}/repos/${repo.fullName}`,
  };
}
