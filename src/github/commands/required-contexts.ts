/** A commit status as the combined status lists it: the latest per context. */
export interface CommitStatusState {
  context: string;
  state: "error" | "failure" | "pending" | "success";
}

const PASSING = new Set(["success", "neutral", "skipped"]);

/**
 * Name → conclusion of what `require_checks` may name: the latest check run of each name and
 * the latest commit status of each context, as GitHub's branch protection counts both. A
 * pending status reads as a running check (null), `error` and `failure` as themselves. When a
 * check run and a status share a name, the one that does not pass decides: either blocks.
 */
export function requiredContexts(
  checks: ReadonlyMap<string, string | null>,
  statuses: readonly CommitStatusState[],
): Map<string, string | null> {
  const out = new Map(checks);
  for (const { context, state } of statuses) {
    const conclusion = state === "pending" ? null : state;
    if (!out.has(context)) {
      out.set(context, conclusion);
      continue;
    }
    const run = out.get(context) ?? null;
    if (run !== null && PASSING.has(run)) out.set(context, conclusion);
  }
  return out;
}
