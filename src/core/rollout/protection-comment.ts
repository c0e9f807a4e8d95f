import { neutralize } from "../render/neutralize.ts";

/** GitHub's limit on a deployment protection rule review's comment. */
export const MAX_PROTECTION_COMMENT = 1024;
/** One condition's share of the comment, so that a long one cannot crowd out the others. */
const MAX_REASON = 300;

export interface ProtectionDecision {
  state: "approved" | "rejected";
  /** The environment as the event names it (untrusted: it comes from a workflow file). */
  environment: string;
  /** What was decided about, when known: the model, the commit, the PR. */
  subject: { model: string; sha: string; pr: number } | null;
  /**
   * For `rejected`: every unmet condition (a stable code) and what would meet it, in Markdown
   * whose untrusted parts are already neutralized where they were interpolated (as `Unmet` is).
   */
  reasons: ReadonlyArray<{ code: string; message: string }>;
}

/**
 * The review comment GitHub shows on the waiting job. Markdown, at most 1,024 characters; the
 * environment and model names (a workflow file and a card, both writable by a PR author) are
 * neutralized here, the reasons where they were written. Reasons that do not fit are counted.
 */
export function renderProtectionComment(d: ProtectionDecision): string {
  const s = d.subject;
  const what = s
    ? `${neutralize(s.model)} at ${s.sha.slice(0, 7)} (PR #${s.pr}) to ${neutralize(d.environment, { code: "span" })}`
    : `the deployment to ${neutralize(d.environment, { code: "span" })}`;
  if (d.state === "approved")
    return cap(`✅ **modelgate approved** ${what}: every \`/promote\` condition holds.`);
  const head = `❌ **modelgate rejected** ${what}:`;
  const lines = d.reasons.map((r) => `- ${shorten(r.message.replace(/\s*\n\s*/g, " "), MAX_REASON)}`);
  for (let kept = lines.length; kept >= 0; kept--) {
    const left = lines.length - kept;
    const more = left === 0 ? [] : [`- … and ${left} more unmet ${left === 1 ? "condition" : "conditions"}.`];
    const text = [head, ...lines.slice(0, kept), ...more].join("\n");
    if (text.length <= MAX_PROTECTION_COMMENT) return text;
  }
  return cap(head);
}

function shorten(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

function cap(text: string): string {
  return text.length <= MAX_PROTECTION_COMMENT ? text : `${text.slice(0, MAX_PROTECTION_COMMENT - 1)}…`;
}
