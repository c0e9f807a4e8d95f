import type { CheckRunOutput } from "./check-output.ts";
import type { Octokit, PrRef } from "./types.ts";

/**
 * The names of `runs` whose verdict is already the latest of the App's runs on the head: asked
 * after a check write failed, because a 502 or a timeout may come after GitHub created the run.
 * A run found there is never replaced by "could not evaluate" (SPEC §4.4). One request; if that
 * read fails too, nothing is known to be there.
 */
export async function verdictOnHead(
  octokit: Octokit,
  pr: PrRef,
  appId: number,
  runs: readonly CheckRunOutput[],
): Promise<Set<string>> {
  const landed = new Set<string>();
  try {
    const { data } = await octokit.rest.checks.listForRef({
      owner: pr.owner,
      repo: pr.repo,
      ref: pr.headSha,
      app_id: appId,
      filter: "latest",
      per_page: 100,
    });
    for (const run of runs) {
      const found = data.check_runs.find((c) => c.name === run.name);
      if (
        found?.conclusion === run.conclusion &&
        found.output.title === run.title &&
        found.output.summary === run.summary
      )
        landed.add(run.name);
    }
  } catch {
    // Unknown is treated as absent: the caller then says the evaluation failed.
  }
  return landed;
}
