/** A review of a waiting job, as `POST …/actions/runs/{run_id}/deployment_protection_rule` takes it. */
export interface ProtectionReview {
  environment_name: string;
  state: "approved" | "rejected";
  comment: string;
}

/** What the deployment protection rule asks of GitHub beyond the command port, for one repository. */
export interface ProtectionPort {
  /** The environments the run still waits on (any protection rule not yet passed). */
  pendingEnvironments(runId: number): Promise<string[]>;
  review(runId: number, review: ProtectionReview): Promise<void>;
  /** Open PRs whose head is `sha`. */
  pullsForSha(sha: string): Promise<number[]>;
}
