import type { Octokit, PrRef, PrState } from "./types.ts";

export const STICKY_MARKER = "<!-- modelgate:sticky -->";
/** GitHub refuses comments over 65,536 characters. */
const MAX_COMMENT_CHARS = 65_536;

/**
 * Our sticky comment: it carries the marker AND was written by our own bot. A user's comment
 * that copies the marker is never ours to edit.
 */
export function findSticky(state: PrState, botLogin: string): PrState["comments"][number] | null {
  const login = botLogin.replace(/\[bot\]$/, "");
  return (
    state.comments.find(
      (c) => c.body.includes(STICKY_MARKER) && c.isBot && c.login.replace(/\[bot\]$/, "") === login,
    ) ?? null
  );
}

export function stickyBody(markdown: string): string {
  const body = `${STICKY_MARKER}\n${markdown}`;
  if (body.length <= MAX_COMMENT_CHARS) return body;
  const note = "\n\n… truncated; the check run has the full report.\n";
  return body.slice(0, MAX_COMMENT_CHARS - note.length) + note;
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
