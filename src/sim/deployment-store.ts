import type { SimRepo } from "./sim-repo.ts";
import type { Deployment, DeploymentStatus, SimUser } from "./sim-types.ts";

export interface NewDeployment {
  ref: string;
  environment?: string;
  payload?: unknown;
  task?: string;
  description?: string | null;
  productionEnvironment?: boolean;
  transientEnvironment?: boolean;
  /** Contexts that must be green first; omitted means all of them, as on GitHub. */
  requiredContexts?: string[];
  creator: SimUser;
}

export type Created<T> = { ok: true; value: T } | { ok: false; status: 409 | 422; message: string };

/** Creates a deployment with GitHub's checks: the ref must exist and its contexts be green. */
export function createDeployment(repo: SimRepo, input: NewDeployment): Created<Deployment> {
  const commit = repo.resolveRef(input.ref);
  if (commit === undefined) return { ok: false, status: 422, message: `No ref found for: ${input.ref}` };
  const failing = failingContexts(repo, commit.sha, input.requiredContexts);
  if (failing.length > 0) {
    return { ok: false, status: 409, message: `Conflict: Commit status checks failed for ${input.ref}.` };
  }
  const now = repo.state.clock.now();
  const environment = input.environment ?? "production";
  const deployment: Deployment = {
    id: repo.state.nextId(),
    ref: input.ref,
    sha: commit.sha,
    task: input.task ?? "deploy",
    environment,
    description: input.description ?? null,
    payload: input.payload ?? {},
    creator: input.creator,
    productionEnvironment: input.productionEnvironment ?? environment === "production",
    transientEnvironment: input.transientEnvironment ?? false,
    createdAt: now,
    updatedAt: now,
  };
  repo.deployments.set(deployment.id, deployment);
  return { ok: true, value: deployment };
}

function failingContexts(repo: SimRepo, sha: string, required: string[] | undefined): string[] {
  const results = [
    ...repo.statuses
      .filter((s) => s.sha === sha)
      .map((s) => ({ context: s.context, green: s.state === "success" })),
    ...[...repo.checkRuns.values()]
      .filter((run) => run.headSha === sha)
      .map((run) => ({
        context: run.name,
        green: ["success", "neutral", "skipped"].includes(run.conclusion ?? ""),
      })),
  ];
  return results
    .filter((r) => !r.green && (required === undefined || required.includes(r.context)))
    .map((r) => r.context);
}

export interface NewDeploymentStatus {
  state: DeploymentStatus["state"];
  environmentUrl?: string;
  logUrl?: string;
  description?: string;
  environment?: string;
  /** Default true: a success marks earlier deployments to the environment inactive. */
  autoInactive?: boolean;
  creator: SimUser;
}

export function createDeploymentStatus(
  repo: SimRepo,
  deployment: Deployment,
  input: NewDeploymentStatus,
): DeploymentStatus {
  const status = newStatus(repo, deployment, input);
  deployment.updatedAt = status.createdAt;
  if (input.state === "success" && (input.autoInactive ?? true))
    deactivatePrevious(repo, deployment, input.creator);
  return status;
}

function newStatus(repo: SimRepo, deployment: Deployment, input: NewDeploymentStatus): DeploymentStatus {
  const status: DeploymentStatus = {
    id: repo.state.nextId(),
    deploymentId: deployment.id,
    state: input.state,
    environment: input.environment ?? deployment.environment,
    environmentUrl: input.environmentUrl ?? "",
    logUrl: input.logUrl ?? "",
    description: input.description ?? "",
    creator: input.creator,
    createdAt: repo.state.clock.now(),
  };
  repo.deploymentStatuses.push(status);
  return status;
}

/**
 * GitHub's `auto_inactive`: earlier non-transient, non-production deployments to the same
 * environment get an `inactive` status (only those whose latest status is not already inactive).
 */
function deactivatePrevious(repo: SimRepo, current: Deployment, creator: SimUser): void {
  for (const other of repo.deployments.values()) {
    if (other.id === current.id || other.environment !== current.environment) continue;
    if (other.transientEnvironment || other.productionEnvironment || other.id > current.id) continue;
    const latest = repo.statusesOf(other.id)[0];
    if (latest === undefined || latest.state === "inactive") continue;
    newStatus(repo, other, { state: "inactive", creator, description: "superseded" });
  }
}
