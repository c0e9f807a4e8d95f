import type { ProbotOctokit } from "probot";

/** The installation-authenticated client Probot hands to each event. */
export type Octokit = InstanceType<typeof ProbotOctokit>;

/** The pull request an event is about, as the handlers need it. */
export interface PrRef {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  baseSha: string;
}

/** What the first batched read also learns about the PR, so publishing needs no extra reads. */
export interface PrState {
  /** The PR's head commit now: a result for another commit is stale and is not posted. */
  headRefOid: string;
  state: "OPEN" | "CLOSED" | "MERGED";
  comments: Array<{ id: number; body: string; login: string; isBot: boolean }>;
  /** Our own check runs on the head commit, by name. */
  checkRuns: Array<{
    id: number;
    name: string;
    title: string | null;
    summary: string | null;
    text: string | null;
    conclusion: string | null;
  }>;
}
