import { ownComments } from "./own-comments.ts";
import type { PrRef, PrState } from "./types.ts";

/**
 * What writing the sticky comment needs of a client: the App's Probot client and the plain
 * @octokit/rest client of `modelgate ci` both fit, so the CLI shares this code without Probot.
 */
export interface CommentClient {
  rest: {
    issues: {
      createComment(p: { owner: string; repo: string; issue_number: number; body: string }): Promise<unknown>;
      updateComment(p: { owner: string; repo: string; comment_id: number; body: string }): Promise<unknown>;
    };
  };
}

export const STICKY_MARKER = "<!-- modelgate:sticky -->";
/** GitHub refuses comments over 65,536 characters. */
const MAX_COMMENT_CHARS = 65_536;

/**
 * Our sticky comment: it carries the marker AND was written by our own bot. A user's comment
 * that copies the marker is never ours to edit.
 */
export function findSticky(
  state: Pick<PrState, "comments">,
  botLogin: string,
): PrState["comments"][number] | null {
  return ownComments(state.comments, botLogin).find((c) => c.body.includes(STICKY_MARKER)) ?? null;
}

/**
 * The comment: the report, then the rollout tracker. Over GitHub's limit the report is cut, never
 * the tracker: it holds the next command, and its markers tell later events to re-read deployments.
 */
export function stickyBody(markdown: string, tracker = ""): string {
  const tail = tracker ? `\n${tracker}\n` : "";
  const body = `${STICKY_MARKER}\n${markdown}${tail}`;
  if (body.length <= MAX_COMMENT_CHARS) return body;
  const note = "\n\n… truncated; the check run has the full report.\n";
  const head = `${STICKY_MARKER}\n${markdown}`;
  return head.slice(0, Math.max(0, MAX_COMMENT_CHARS - note.length - tail.length)) + note + tail;
}

/** Creates or updates the sticky comment; writes nothing when the content would not change. */
export async function upsertSticky(
  octokit: CommentClient,
  pr: Pick<PrRef, "owner" | "repo" | "number">,
  state: Pick<PrState, "comments">,
  botLogin: string,
  body: string,
): Promise<number> {
  const existing = findSticky(state, botLogin);
  if (existing && existing.body.trim() === body.trim()) return 0;
  if (existing) {
    await octokit.rest.issues.updateComment({
      owner: pr.owner,
      repo: pr.repo,
      comment_id: existing.id,
      body,
    });
    return 1;
  }
  await octokit.rest.issues.createComment({ owner: pr.owner, repo: pr.repo, issue_number: pr.number, body });
  return 1;
}
