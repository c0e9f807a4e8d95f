import { isRecord } from "../../core/parse/is-record.ts";

/** A `deployment_protection_rule.requested` event as the handler needs it. */
export interface ProtectionRequest {
  /** owner/repo, lower-cased, for lock keys. */
  repo: string;
  /** From `deployment_callback_url` (`…/actions/runs/{run_id}/deployment_protection_rule`). */
  runId: number;
  environment: string;
  /** The commit the waiting job deploys: its deployment's, else the run's. */
  sha: string;
  /** The deployment GitHub created for the waiting job, if any: not a deployment of the past. */
  deploymentId: number | null;
  /** PRs GitHub names for the run (a `pull_request` workflow) whose head is `sha`. */
  pullRequests: number[];
  /** What started the run: `deployment`, `push`, `workflow_dispatch`, `pull_request`, … */
  event: string;
  /** When the job asked (the deployment's creation): "now" for soak arithmetic. */
  now: number;
}

const RUN_ID = /\/actions\/runs\/(\d+)\/deployment_protection_rule\/?$/;

/**
 * The request, or a sentence saying why the payload cannot be answered at all (without a run
 * id there is nowhere to send a decision). Read defensively: the schema marks every field optional.
 */
export function protectionRequest(
  repo: string,
  payload: unknown,
  fallbackNow: number,
): ProtectionRequest | string {
  if (!isRecord(payload)) return "the payload is not an object";
  const url = typeof payload.deployment_callback_url === "string" ? payload.deployment_callback_url : "";
  const runId = Number(RUN_ID.exec(url)?.[1] ?? Number.NaN);
  if (!Number.isSafeInteger(runId)) return `no run id in deployment_callback_url ${JSON.stringify(url)}`;
  const environment = typeof payload.environment === "string" ? payload.environment : "";
  const deployment = isRecord(payload.deployment) ? payload.deployment : null;
  const sha = String(deployment?.sha ?? payload.sha ?? "");
  const created = Date.parse(String(deployment?.created_at ?? ""));
  const pulls = Array.isArray(payload.pull_requests) ? payload.pull_requests.filter(isRecord) : [];
  return {
    repo: repo.toLowerCase(),
    runId,
    environment,
    sha,
    deploymentId: typeof deployment?.id === "number" ? deployment.id : null,
    pullRequests: pulls
      .filter((p) => isRecord(p.head) && p.head.sha === sha && typeof p.number === "number")
      .map((p) => Number(p.number)),
    event: typeof payload.event === "string" ? payload.event : "",
    now: Number.isNaN(created) ? fallbackNow : created,
  };
}
