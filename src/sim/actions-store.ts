import { createDeploymentStatus } from "./deployment-store.ts";
import type { SimRepo } from "./sim-repo.ts";
import type { Deployment, PendingGate, SimEnvironment, SimUser, WorkflowRun } from "./sim-types.ts";

const ACTIONS: SimUser = { login: "github-actions[bot]", type: "Bot" };

/** Creates the environment, or returns it (GitHub's `PUT /environments/{name}` is an upsert). */
export function putEnvironment(repo: SimRepo, name: string): SimEnvironment {
  const now = repo.state.clock.now();
  const existing = repo.environments.get(name.toLowerCase());
  if (existing !== undefined) {
    existing.updatedAt = now;
    return existing;
  }
  const env: SimEnvironment = {
    id: repo.state.nextId(),
    name,
    protectionRules: [],
    createdAt: now,
    updatedAt: now,
  };
  repo.environments.set(name.toLowerCase(), env);
  return env;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: 404 | 422; message: string };

/** Enables an App as a custom deployment protection rule on an environment. */
export function enableProtectionRule(
  repo: SimRepo,
  environment: string,
  appId: number,
): Outcome<SimEnvironment["protectionRules"][number]> {
  const env = repo.environments.get(environment.toLowerCase());
  if (env === undefined) return { ok: false, status: 404, message: "Not Found" };
  if (appId !== repo.state.app.id)
    return { ok: false, status: 422, message: "Integration is not installed on this repository" };
  if (env.protectionRules.some((r) => r.appId === appId))
    return { ok: false, status: 422, message: "Custom protection rule for this integration already exists" };
  const rule = { id: repo.state.nextId(), appId, enabled: true };
  env.protectionRules.push(rule);
  return { ok: true, value: rule };
}

export interface WaitingJob {
  environment: string;
  sha: string;
  /** The branch the run is for; default the PR's or the default branch. */
  ref?: string;
  /** What started the run: `workflow_dispatch` (by hand), `deployment`, `push`, `pull_request`. */
  event?: string;
  actor?: SimUser;
}

/**
 * A workflow job that references a protected environment: GitHub creates a deployment for it
 * (by github-actions) and the run waits until every App rule on that environment answers.
 */
export function startWaitingJob(
  repo: SimRepo,
  job: WaitingJob,
): { run: WorkflowRun; deployment: Deployment } {
  const env = repo.environments.get(job.environment.toLowerCase());
  const rules = env?.protectionRules.filter((r) => r.enabled) ?? [];
  if (env === undefined || rules.length === 0)
    throw new Error(`environment ${job.environment} has no protection rule: the job would not wait`);
  const commit = repo.resolveRef(job.sha);
  if (commit === undefined) throw new Error(`no commit ${job.sha}`);
  const now = repo.state.clock.now();
  const branch =
    job.ref ??
    [...repo.pulls.values()].find((p) => p.head.sha === commit.sha)?.head.ref ??
    repo.defaultBranch;
  const deployment: Deployment = {
    id: repo.state.nextId(),
    ref: branch,
    sha: commit.sha,
    task: "deploy",
    environment: env.name,
    description: null,
    payload: {},
    creator: ACTIONS,
    productionEnvironment: false,
    transientEnvironment: false,
    createdAt: now,
    updatedAt: now,
  };
  repo.deployments.set(deployment.id, deployment);
  const gate: PendingGate = {
    environment: env.name,
    deploymentId: deployment.id,
    waitingOn: rules.map((r) => r.appId),
    reviews: [],
  };
  const run: WorkflowRun = {
    id: repo.state.nextId(),
    headSha: commit.sha,
    headBranch: branch,
    event: job.event ?? "workflow_dispatch",
    actor: job.actor ?? { login: "octocat", type: "User" },
    status: "waiting",
    conclusion: null,
    gates: [gate],
    createdAt: now,
  };
  repo.workflowRuns.set(run.id, run);
  return { run, deployment };
}

/** The gates still waiting on some App. */
export const pendingGates = (run: WorkflowRun): PendingGate[] =>
  run.gates.filter((g) => g.waitingOn.length > 0);

export interface GateReview {
  environment: string;
  state: "approved" | "rejected" | null;
  comment: string;
}

/**
 * An App answers for its rule. `state: null` only adds a comment (GitHub allows a progress
 * note); a rejection fails the job at once; the last approval lets it run.
 */
export function reviewGate(
  repo: SimRepo,
  run: WorkflowRun,
  appId: number,
  review: GateReview,
): Outcome<null> {
  const gate = pendingGates(run).find(
    (g) => g.environment.toLowerCase() === review.environment.toLowerCase() && g.waitingOn.includes(appId),
  );
  if (gate === undefined || run.status === "completed")
    return {
      ok: false,
      status: 422,
      message: `No pending custom deployment protection rule for this integration on environment '${review.environment}'`,
    };
  const now = repo.state.clock.now();
  gate.reviews.push({ appId, state: review.state, comment: review.comment, at: now });
  if (review.state === null) return { ok: true, value: null };
  gate.waitingOn = gate.waitingOn.filter((id) => id !== appId);
  const deployment = repo.deployments.get(gate.deploymentId);
  if (review.state === "rejected") {
    gate.waitingOn = [];
    Object.assign(run, { status: "completed", conclusion: "failure" });
    if (deployment) createDeploymentStatus(repo, deployment, { state: "failure", creator: ACTIONS });
  } else if (gate.waitingOn.length === 0) {
    if (deployment) createDeploymentStatus(repo, deployment, { state: "in_progress", creator: ACTIONS });
    if (pendingGates(run).length === 0) run.status = "in_progress";
  }
  return { ok: true, value: null };
}
