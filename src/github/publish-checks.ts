import { type CheckRunOutput, MAX_ANNOTATIONS } from "./check-output.ts";
import type { Octokit, PrRef, PrState } from "./types.ts";

/**
 * Posts each check run unless the same result is already there (a redelivery or an unchanged
 * re-run costs no write). One request per run, whatever the number of findings (SPEC §6).
 */
export async function publishChecks(
  octokit: Octokit,
  pr: PrRef,
  state: PrState,
  runs: CheckRunOutput[],
): Promise<number> {
  let writes = 0;
  for (const run of runs) {
    const existing = state.checkRuns.filter((c) => c.name === run.name).sort((a, b) => b.id - a.id)[0];
    if (
      existing &&
      existing.summary === run.summary &&
      existing.title === run.title &&
      existing.conclusion?.toLowerCase() === run.conclusion
    )
      continue;
    // One request per run: at most 50 annotations (buildCheckRuns lists the rest in text).
    await octokit.rest.checks.create({
      owner: pr.owner,
      repo: pr.repo,
      name: run.name,
      head_sha: pr.headSha,
      status: "completed",
      conclusion: run.conclusion,
      output: {
        title: run.title,
        summary: run.summary,
        ...(run.text ? { text: run.text } : {}),
        annotations: run.annotations.slice(0, MAX_ANNOTATIONS),
      },
    });
    writes++;
  }
  return writes;
}
