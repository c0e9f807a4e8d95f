import { blobSha, sha1 } from "./git-hash.ts";
import type { SimState } from "./sim-state.ts";
import type {
  CheckRun,
  Commit,
  CommitStatus,
  Deployment,
  DeploymentStatus,
  FileContent,
  IssueComment,
  Label,
  Permission,
  PullRequest,
  Reaction,
  SimEnvironment,
  SimUser,
  Tree,
  WorkflowRun,
} from "./sim-types.ts";

export type FileChanges = Record<string, FileContent | null>;

export interface OpenPullRequest {
  head: string;
  base?: string;
  title?: string;
  body?: string;
  user?: string | SimUser;
  draft?: boolean;
  fork?: boolean;
}

/** One in-memory repository: its git history, PRs, and everything hanging off them. */
export class SimRepo {
  readonly commits = new Map<string, Commit>();
  readonly branches = new Map<string, string>();
  /** Tag name → commit sha (lightweight tags, as GTO writes annotated ones; the name is what matters). */
  readonly tags = new Map<string, string>();
  readonly pulls = new Map<number, PullRequest>();
  readonly comments = new Map<number, IssueComment>();
  readonly reactions: Reaction[] = [];
  readonly labels = new Map<string, Label>();
  readonly issueLabels = new Map<number, string[]>();
  readonly checkRuns = new Map<number, CheckRun>();
  readonly deployments = new Map<number, Deployment>();
  readonly deploymentStatuses: DeploymentStatus[] = [];
  readonly statuses: CommitStatus[] = [];
  readonly collaborators = new Map<string, Permission>();
  /** By lower-cased name: GitHub's environment names are case-insensitive. */
  readonly environments = new Map<string, SimEnvironment>();
  readonly workflowRuns = new Map<number, WorkflowRun>();
  #nextNumber = 1;

  constructor(
    readonly state: SimState,
    readonly id: number,
    readonly owner: string,
    readonly name: string,
    readonly defaultBranch: string,
  ) {}

  get fullName(): string {
    return `${this.owner}/${this.name}`;
  }

  /** Records a full snapshot as a new commit and moves `branch` to it. */
  commit(files: Tree | Record<string, FileContent>, branch: string, message = "commit"): string {
    const tree: Tree = files instanceof Map ? new Map(files) : new Map(Object.entries(files));
    const parent = this.branches.get(branch);
    const parents = parent === undefined ? [] : [parent];
    const sha = sha1(`commit\0${treeDigest(tree)}\0${parents.join(",")}\0${message}\0${this.commits.size}`);
    this.commits.set(sha, { sha, tree, parents, message, createdAt: this.state.clock.now() });
    this.branches.set(branch, sha);
    return sha;
  }

  /** A new branch pointing where `from` (a branch or sha, default the default branch) points. */
  createBranch(name: string, from: string = this.defaultBranch): string {
    const commit = this.resolveRef(from);
    if (commit === undefined) throw new Error(`no ref ${from} in ${this.fullName}`);
    this.branches.set(name, commit.sha);
    return commit.sha;
  }

  /** A full sha, an unambiguous sha prefix (≥ 7), a branch, `refs/heads/<branch>`, or `HEAD` (the default branch). */
  resolveRef(ref: string): Commit | undefined {
    if (ref === "HEAD") return this.resolveRef(this.defaultBranch);
    const exact = this.commits.get(ref);
    if (exact !== undefined) return exact;
    const branchSha = this.branches.get(ref.replace(/^refs\/heads\//, ""));
    if (branchSha !== undefined) return this.commits.get(branchSha);
    if (!/^[0-9a-f]{7,39}$/.test(ref)) return undefined;
    const matches = [...this.commits.values()].filter((c) => c.sha.startsWith(ref));
    return matches.length === 1 ? matches[0] : undefined;
  }

  openPullRequest(spec: OpenPullRequest): PullRequest {
    const base = spec.base ?? this.defaultBranch;
    const headSha = this.branches.get(spec.head);
    const baseSha = this.branches.get(base);
    if (headSha === undefined || baseSha === undefined) throw new Error(`no branch ${spec.head} or ${base}`);
    const now = this.state.clock.now();
    const pull: PullRequest = {
      number: this.#nextNumber++,
      state: "open",
      merged: false,
      base: { ref: base, sha: baseSha },
      head: { ref: spec.head, sha: headSha },
      user: toUser(spec.user ?? "octocat"),
      title: spec.title ?? `Update ${spec.head}`,
      body: spec.body ?? "",
      draft: spec.draft ?? false,
      fork: spec.fork ?? false,
      createdAt: now,
      updatedAt: now,
      mergedAt: null,
      closedAt: null,
    };
    this.pulls.set(pull.number, pull);
    return pull;
  }

  /** A new head commit on the PR's branch: `null` deletes a path. Returns the new sha. */
  pushCommit(prNumber: number, changes: FileChanges, message = "push"): string {
    const pull = this.pull(prNumber);
    const tree = new Map(this.commits.get(pull.head.sha)?.tree);
    for (const [path, content] of Object.entries(changes)) {
      if (content === null) tree.delete(path);
      else tree.set(path, content);
    }
    pull.head.sha = this.commit(tree, pull.head.ref, message);
    pull.updatedAt = this.state.clock.now();
    return pull.head.sha;
  }

  /** Fast-forwards the base branch to the head tree, as a merge would leave it. */
  mergePullRequest(prNumber: number): string {
    const pull = this.pull(prNumber);
    const head = this.commits.get(pull.head.sha);
    const sha = this.commit(head?.tree ?? new Map(), pull.base.ref, `Merge pull request #${prNumber}`);
    const now = this.state.clock.now();
    Object.assign(pull, { state: "closed", merged: true, mergedAt: now, closedAt: now, updatedAt: now });
    return sha;
  }

  setPullState(prNumber: number, state: "open" | "closed"): void {
    const pull = this.pull(prNumber);
    const now = this.state.clock.now();
    Object.assign(pull, { state, updatedAt: now, closedAt: state === "closed" ? now : null });
  }

  pull(prNumber: number): PullRequest {
    const pull = this.pulls.get(prNumber);
    if (pull === undefined) throw new Error(`no pull request #${prNumber} in ${this.fullName}`);
    return pull;
  }

  addComment(issueNumber: number, body: string, user: string | SimUser): IssueComment {
    const now = this.state.clock.now();
    const comment = {
      id: this.state.nextId(),
      issueNumber,
      body,
      user: toUser(user),
      createdAt: now,
      updatedAt: now,
    };
    this.comments.set(comment.id, comment);
    return comment;
  }

  /** Returns the previous body, which an `issue_comment.edited` payload reports as `changes`. */
  editComment(id: number, body: string): string {
    const comment = this.comments.get(id);
    if (comment === undefined) throw new Error(`no comment ${id}`);
    const previous = comment.body;
    comment.body = body;
    comment.updatedAt = this.state.clock.now();
    return previous;
  }

  setPermission(login: string, permission: Permission["permission"], roleName?: string): void {
    this.collaborators.set(login.toLowerCase(), {
      permission,
      role_name: roleName ?? defaultRole(permission),
    });
  }

  /** Unknown users of a public repository can read it, which is what GitHub answers. */
  permissionOf(login: string): Permission {
    return this.collaborators.get(login.toLowerCase()) ?? { permission: "read", role_name: "read" };
  }

  ensureLabel(name: string, color = "ededed", description: string | null = null): Label {
    const existing = this.labels.get(name.toLowerCase());
    if (existing !== undefined) return existing;
    const label = { id: this.state.nextId(), name, color, description };
    this.labels.set(name.toLowerCase(), label);
    return label;
  }

  /** A check run by any app: the simulated App's own, or another (CI) when `appId` differs. */
  addCheckRun(fields: Pick<CheckRun, "name" | "headSha"> & Partial<CheckRun>): CheckRun {
    const now = this.state.clock.now();
    const completed = fields.conclusion !== undefined && fields.conclusion !== null;
    const run: CheckRun = {
      id: this.state.nextId(),
      status: completed ? "completed" : "queued",
      conclusion: null,
      output: { title: null, summary: null, text: null, annotations: [] },
      detailsUrl: null,
      externalId: "",
      appId: this.state.app.id,
      startedAt: now,
      completedAt: completed ? now : null,
      ...fields,
    };
    this.checkRuns.set(run.id, run);
    return run;
  }

  statusesOf(deploymentId: number): DeploymentStatus[] {
    return this.deploymentStatuses.filter((s) => s.deploymentId === deploymentId).sort(newestFirst);
  }
}

export function newestFirst(a: { id: number }, b: { id: number }): number {
  return b.id - a.id;
}

function toUser(user: string | SimUser): SimUser {
  if (typeof user !== "string") return user;
  return { login: user, type: user.endsWith("[bot]") ? "Bot" : "User" };
}

function defaultRole(permission: Permission["permission"]): string {
  return permission === "none" ? "none" : permission;
}

function treeDigest(tree: Tree): string {
  const lines = [...tree].map(([path, content]) => `${path}\0${blobSha(content)}`);
  return sha1(lines.sort().join("\n"));
}
