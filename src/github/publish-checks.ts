import { ANNOTATIONS_PER_REQUEST, type CheckRunOutput } from "./check-output.ts";
import type { Octokit, PrRef, PrState } from "./types.ts";

/**
 * Posts each check run unless the same result is already there (a redelivery or an unchanged
 * re-run costs no write). Annotations beyond the first 50 follow in updates of 50.
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
    const [first, ...rest] = chunk(run.annotations, ANNOTATIONS_PER_REQUEST);
    const created = await octokit.rest.checks.create({
      owner: pr.owner,
      repo: pr.repo,
      name: run.name,
      head_sha: pr.headSha,
      status: "completed",
      conclusion: run.conclusion,
      output: { title: run.title, summary: run.summary, annotations: first ?? [] },
    });
    writes++;
    for (const batch of rest) {
      await octokit.rest.checks.update({
        owner: pr.owner,
        repo: pr.repo,
        check_run_id: created.data.id,
        output: { title: run.title, summary: run.summary, annotations: batch },
      });
      writes++;
    }
  }
  return writes;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
