import { stickyBody, upsertSticky } from "../github/sticky-comment.ts";
import type { PullRequestEvent } from "./actions-event.ts";
import { packageVersion } from "./package-version.ts";

/** The author of every comment written with an Actions job's GITHUB_TOKEN. */
export const ACTIONS_BOT = "github-actions[bot]";

export interface CommentTarget {
  pr: PullRequestEvent;
  token: string;
  /** GITHUB_API_URL: `https://api.github.com`, or a GitHub Enterprise Server's `…/api/v3`. */
  apiUrl: string;
  /** Whose comment is ours: the token's user (`github-actions[bot]` for GITHUB_TOKEN). */
  author: string;
}

/**
 * Creates or updates the PR's sticky comment as the App does (sticky-comment.ts: the same marker,
 * and only a comment of our own bot counts, so a user's comment that copies the marker is left
 * alone), with the job's token. Returns the number of writes: 0 when nothing changed.
 */
export async function upsertActionsComment(target: CommentTarget, markdown: string): Promise<number> {
  // Loaded here: only `modelgate ci --comment` talks to GitHub.
  const { Octokit } = await import("@octokit/rest");
  const octokit = new Octokit({
    auth: target.token,
    baseUrl: target.apiUrl.replace(/\/+$/, ""),
    userAgent: `modelgate/${packageVersion()}`,
  });
  const { owner, repo, number } = target.pr;
  const listed = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: number,
    per_page: 100,
  });
  const comments = listed.map((c) => ({
    id: c.id,
    body: c.body ?? "",
    login: c.user?.login ?? "",
    isBot: c.user?.type === "Bot",
  }));
  return upsertSticky(octokit, { owner, repo, number }, { comments }, target.author, stickyBody(markdown));
}
