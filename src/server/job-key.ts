import { isRecord } from "../core/parse/is-record.ts";

export interface JobKey {
  /** BullMQ job id: one job per PR head for evaluations, one per delivery for the rest. */
  jobId: string;
  /** For a PR event: the PR (`pr-REPO-N`) and when GitHub last updated it, to supersede older heads. */
  pr?: { key: string; updatedAt: number };
  /** A PR head's evaluation: the PR it evaluates (`pr-REPO-N`), which commands of that PR wait for. */
  evaluates?: string;
  /** A command or a protection request: the PRs whose evaluations queued before it must run first. */
  after?: string[];
}

/** The pull_request actions that evaluate the PR head (src/index.ts). */
const EVALUATING = new Set(["opened", "synchronize", "reopened", "ready_for_review", "edited"]);

/**
 * Which job an event becomes (SPEC §4.6, one job per PR head at a time): every event that
 * evaluates one PR head shares that head's id, so `synchronize` and `check_suite.requested` for
 * one push are evaluated once; anything else is its own job, keyed by its delivery guid so that
 * a redelivery of a waiting event is not queued twice. Ids avoid `:`, BullMQ's key separator.
 */
export function jobKey(name: string, guid: string, payload: unknown): JobKey {
  const own = { jobId: `delivery-${safe(guid)}` };
  if (!isRecord(payload)) return own;
  const repoId = isRecord(payload.repository) ? payload.repository.id : undefined;
  if (typeof repoId !== "number") return own;
  const action = payload.action;
  if (name === "pull_request" && typeof action === "string" && EVALUATING.has(action)) {
    const pull = payload.pull_request;
    if (!isRecord(pull) || !isRecord(pull.head)) return own;
    const { number } = pull;
    const sha = pull.head.sha;
    if (typeof number !== "number" || typeof sha !== "string") return own;
    const updatedAt = typeof pull.updated_at === "string" ? Date.parse(pull.updated_at) : Number.NaN;
    const pr = `pr-${repoId}-${number}`;
    const head = { jobId: `head-${repoId}-${number}-${safe(sha)}`, evaluates: pr };
    return Number.isFinite(updatedAt) ? { ...head, pr: { key: pr, updatedAt } } : head;
  }
  // A command reads the check of the PR head (`/promote`), so it runs after that head's evaluation
  // when both are queued, as when recovery redelivers a missed `opened` and the `/promote` after it.
  if (name === "issue_comment" && isRecord(payload.issue) && isRecord(payload.issue.pull_request)) {
    const { number } = payload.issue;
    return typeof number === "number" ? { ...own, after: [`pr-${repoId}-${number}`] } : own;
  }
  if (name === "deployment_protection_rule") {
    const prs = Array.isArray(payload.pull_requests) ? payload.pull_requests : [];
    const after = prs.flatMap((p) =>
      isRecord(p) && typeof p.number === "number" ? [`pr-${repoId}-${p.number}`] : [],
    );
    return after.length > 0 ? { ...own, after } : own;
  }
  const suite =
    name === "check_suite" ? payload.check_suite : name === "check_run" ? payload.check_run : null;
  const rerun =
    name === "check_run" ? action === "rerequested" : action === "requested" || action === "rerequested";
  if (!isRecord(suite) || !rerun) return own;
  const prs = Array.isArray(suite.pull_requests) ? suite.pull_requests : [];
  const only = prs.length === 1 && isRecord(prs[0]) ? prs[0].number : undefined;
  if (typeof only !== "number" || typeof suite.head_sha !== "string") return own;
  return { jobId: `head-${repoId}-${only}-${safe(suite.head_sha)}`, evaluates: `pr-${repoId}-${only}` };
}

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100);
