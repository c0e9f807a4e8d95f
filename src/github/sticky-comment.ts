import { ownComments } from "./own-comments.ts";
import type { Octokit, PrRef, PrState } from "./types.ts";

export const STICKY_MARKER = "<!-- modelgate:sticky -->";
/** GitHub refuses comments over 65,536 characters. */
const MAX_COMMENT_CHARS = 65_536;

/**
 * Our sticky comment: it carries the marker AND was written by our own bot. A user's comment
 * that copies the marker is never ours to edit.
 */
export function findSticky(state: PrState, botLogin: string): PrState["comments"][number] | null {
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
  octokit: Octokit,
  pr: PrRef,
  state: PrState,
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
