import { neutralize } from "../../core/render/neutralize.ts";
import { type ProtectionDecision, renderProtectionComment } from "../../core/rollout/protection-comment.ts";
import { type EnvironmentLock, LockTimeoutError } from "../commands/environment-lock.ts";
import { explainError } from "../explain-error.ts";
import type { ProtectionPort } from "./protection-port.ts";
import type { ProtectionRequest } from "./protection-request.ts";

export interface ProtectionDeps {
  protection: Pick<ProtectionPort, "pendingEnvironments" | "review">;
  lock: EnvironmentLock;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/**
 * Decides a waiting job once, and always answers it (SPEC §4.5). A redelivered request finds
 * the run no longer waiting on this environment — GitHub's own record, so it holds across
 * restarts and replicas — and is not answered twice; the lock makes two concurrent deliveries
 * take turns, so the second sees the first one's answer. Anything that goes wrong while
 * deciding is a rejection with the reason: never an approval, never a job left pending.
 */
export async function handleProtectionRule(
  deps: ProtectionDeps,
  req: ProtectionRequest,
  decide: () => Promise<ProtectionDecision>,
): Promise<ProtectionDecision | null> {
  const key = `${req.repo}:${req.environment.toLowerCase()}:run ${req.runId}`;
  try {
    return await deps.lock.withLock(key, async () => {
      if (!(await stillWaiting(deps, req))) {
        deps.log.info({ run: req.runId, environment: req.environment }, "deployment already decided");
        return null;
      }
      const decision = await decide().catch((err: unknown) => failed(req, err));
      const comment = renderProtectionComment(decision);
      try {
        await deps.protection.review(req.runId, {
          environment_name: req.environment,
          state: decision.state,
          comment,
        });
      } catch (err) {
        // 422: the run no longer waits for our answer (an environment that also needs human
        // reviewers stays pending after it). Failing the delivery would only have it recovered
        // and refused again; anything else fails it, so that recovery asks again.
        if ((err as { status?: unknown }).status !== 422) throw err;
        deps.log.info({ run: req.runId, environment: req.environment }, "GitHub took no second answer");
        return null;
      }
      deps.log.info(
        {
          run: req.runId,
          environment: req.environment,
          state: decision.state,
          sha: req.sha,
          unmet: decision.reasons.map((r) => r.code),
        },
        `deployment ${decision.state}`,
      );
      return decision;
    });
  } catch (err) {
    // Another replica holds this very request: it answers.
    if (err instanceof LockTimeoutError) return null;
    throw err;
  }
}

/** Unknown counts as waiting: a second answer is harmless, a missing one leaves the job hanging. */
async function stillWaiting(deps: ProtectionDeps, req: ProtectionRequest): Promise<boolean> {
  try {
    const pending = await deps.protection.pendingEnvironments(req.runId);
    return pending.some((name) => name.toLowerCase() === req.environment.toLowerCase());
  } catch (err) {
    deps.log.warn({ run: req.runId, err }, "could not read the run's pending deployments; deciding anyway");
    return true;
  }
}

function failed(req: ProtectionRequest, err: unknown): ProtectionDecision {
  return {
    state: "rejected",
    environment: req.environment,
    subject: null,
    reasons: [
      {
        code: "error",
        message: `modelgate could not decide, so nothing is approved: ${whatFailed(err)} Re-run the job to ask again.`,
      },
    ],
  };
}

/** GitHub's refusal of a permission has its own advice; anything else is said as it happened. */
function whatFailed(err: unknown): string {
  const status = (err as { status?: unknown }).status;
  const message = err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err);
  if (status === 403 && /not accessible by integration/i.test(message)) return explainError(err);
  return typeof status === "number"
    ? `GitHub answered ${status} (${neutralize(message)}).`
    : `${neutralize(message)}.`;
}
