import type { Octokit, PrRef } from "./types.ts";

export type PrTarget = PrRef & { changedFiles: number | null };

interface PullLike {
  number: number;
  head: { sha: string };
  base: { sha: string };
  changed_files?: number;
}

export const prTarget = (owner: string, repo: string, pull: PullLike): PrTarget => ({
  owner,
  repo,
  number: pull.number,
  headSha: pull.head.sha,
  baseSha: pull.base.sha,
  changedFiles: pull.changed_files ?? null,
});

/**
 * The open PRs whose head is `sha`. Check-suite events from forks carry no `pull_requests`, so
 * the PR is found from the head commit among the repository's open PRs.
 */
export async function findPullRequestsForSha(
  octokit: Octokit,
  owner: string,
  repo: string,
  sha: string,
): Promise<PrTarget[]> {
  const out: PrTarget[] = [];
  for await (const page of octokit.paginate.iterator(octokit.rest.pulls.list, {
    owner,
    repo,
    state: "open",
    per_page: 100,
  })) {
    for (const pull of page.data) if (pull.head.sha === sha) out.push(prTarget(owner, repo, pull));
    if (out.length > 0) break;
  }
  return out;
}

/** A PR referenced by number in an event (check run, check suite): its current head and base. */
export async function getPullRequest(
  octokit: Octokit,
  owner: string,
  repo: string,
  number: number,
): Promise<PrTarget> {
  const { data } = await octokit.rest.pulls.get({ owner, repo, pull_number: number });
  return prTarget(owner, repo, data);
}
