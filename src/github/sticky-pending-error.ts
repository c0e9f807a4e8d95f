import type { EvaluationOutcome } from "./evaluate-pull-request.ts";

/**
 * Thrown by a handler, after all its evaluations ran, when a verdict was posted but a sticky
 * comment could not be written. The event then fails (Probot answers 503; in queue mode the job
 * is retried), so GitHub's delivery log records it and the recovery sweep (SPEC §4.6) redelivers
 * it. The redelivered event finds the check unchanged and writes only the comment (SPEC §6).
 */
export class StickyPendingError extends Error {
  /** Probot answers the webhook with this status. */
  readonly status = 503;

  constructor(readonly prs: number[]) {
    super(
      `the sticky comment of ${prs.map((n) => `#${n}`).join(", ")} could not be written; the verdict is posted`,
    );
    this.name = "StickyPendingError";
  }

  /** Throws when any of these evaluations left its sticky comment unwritten. */
  static check(outcomes: ReadonlyArray<{ pr: number; outcome: EvaluationOutcome }>): void {
    const pending = outcomes.filter((o) => o.outcome.stickyPending).map((o) => o.pr);
    if (pending.length > 0) throw new StickyPendingError(pending);
  }
}
