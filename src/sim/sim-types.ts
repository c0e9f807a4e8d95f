/**
 * The in-memory model of GitHub that the simulator serves. Plain data only: the REST and
 * GraphQL layers turn it into GitHub's wire shapes, the helpers in SimRepo mutate it.
 */

/** A file's content, or only its size for big or binary files we never need to read. */
export type FileContent = string | SizeOnlyFile;

/** `oid` lets two size-only files be recognised as identical (rename detection). */
export interface SizeOnlyFile {
  bytes: number;
  oid?: string;
}

/** A full snapshot: repository-relative POSIX path → content. */
export type Tree = Map<string, FileContent>;

export interface Commit {
  sha: string;
  tree: Tree;
  parents: string[];
  message: string;
  createdAt: number;
}

export interface SimUser {
  login: string;
  type: "User" | "Bot" | "Organization";
}

export interface PullRequest {
  number: number;
  state: "open" | "closed";
  merged: boolean;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string };
  user: SimUser;
  title: string;
  body: string;
  draft: boolean;
  /** A PR from a fork: its head lives in `<user>/<repo>`, so check suites do not list it. */
  fork: boolean;
  createdAt: number;
  updatedAt: number;
  mergedAt: number | null;
  closedAt: number | null;
}

export interface IssueComment {
  id: number;
  issueNumber: number;
  body: string;
  user: SimUser;
  createdAt: number;
  updatedAt: number;
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  message: string;
  title?: string;
  raw_details?: string;
  start_column?: number;
  end_column?: number;
}

export interface CheckRunOutput {
  title: string | null;
  summary: string | null;
  text: string | null;
  annotations: Annotation[];
}

export interface CheckRun {
  id: number;
  name: string;
  headSha: string;
  status: "queued" | "in_progress" | "completed" | "waiting" | "requested" | "pending";
  conclusion: string | null;
  output: CheckRunOutput;
  detailsUrl: string | null;
  externalId: string;
  appId: number;
  startedAt: number;
  completedAt: number | null;
}

export interface Reaction {
  id: number;
  commentId: number;
  content: string;
  user: SimUser;
  createdAt: number;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface Permission {
  permission: "admin" | "write" | "read" | "none";
  role_name: string;
}

export interface Deployment {
  id: number;
  ref: string;
  sha: string;
  task: string;
  environment: string;
  description: string | null;
  payload: unknown;
  creator: SimUser;
  productionEnvironment: boolean;
  transientEnvironment: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface DeploymentStatus {
  id: number;
  deploymentId: number;
  state: "error" | "failure" | "inactive" | "in_progress" | "queued" | "pending" | "success";
  environment: string;
  environmentUrl: string;
  logUrl: string;
  description: string;
  creator: SimUser;
  createdAt: number;
}

export interface CommitStatus {
  id: number;
  sha: string;
  state: "error" | "failure" | "pending" | "success";
  context: string;
  description: string | null;
  targetUrl: string | null;
  createdAt: number;
}

/** The App as GitHub knows it: its bot user is `<slug>[bot]`. */
export interface SimApp {
  id: number;
  slug: string;
  name: string;
  owner: string;
}

/** A deployment environment with the Apps enabled on it as custom deployment protection rules. */
export interface SimEnvironment {
  id: number;
  name: string;
  protectionRules: Array<{ id: number; appId: number; enabled: boolean }>;
  createdAt: number;
  updatedAt: number;
}

/** One environment a workflow run's job waits on, and the Apps whose answer it still needs. */
export interface PendingGate {
  environment: string;
  deploymentId: number;
  waitingOn: number[];
  reviews: Array<{ appId: number; state: "approved" | "rejected" | null; comment: string; at: number }>;
}

/** A GitHub Actions workflow run, only as far as deployment protection rules need one. */
export interface WorkflowRun {
  id: number;
  headSha: string;
  headBranch: string;
  event: string;
  actor: SimUser;
  status: "waiting" | "in_progress" | "completed";
  conclusion: "failure" | null;
  gates: PendingGate[];
  createdAt: number;
}
