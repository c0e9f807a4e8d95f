import type { EnvironmentLock } from "./commands/environment-lock.ts";
import { evaluatePullRequest } from "./evaluate-pull-request.ts";

type Evaluate = typeof evaluatePullRequest;

/**
 * GitHub sends several events for one push (`pull_request.synchronize` and
 * `check_suite.requested`) at once: evaluations of one PR take turns, through the same lock as
 * the rollout commands (in-process, or Redis across replicas), so the second sees the first's
 * sticky comment and check instead of creating its own. A lock that cannot be had is not a
 * reason to drop the event: it then runs unserialized.
 */
export function serializeEvaluations(lock: EnvironmentLock): Evaluate {
  return async (context, pr, app, rollout) => {
    const key = `evaluate:${pr.owner}/${pr.repo}#${pr.number}`;
    try {
      return await lock.withLock(key, () => evaluatePullRequest(context, pr, app, rollout));
    } catch (err) {
      // evaluatePullRequest answers every failure itself: what reaches here is the lock's
      // (a timeout, Redis unreachable). Evaluate anyway rather than lose the event.
      context.log.warn({ err, key }, "evaluating without the per-PR lock");
      return evaluatePullRequest(context, pr, app, rollout);
    }
  };
}
