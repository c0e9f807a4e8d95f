/**
 * Untrusted text (model names, versions, field values, command arguments, reasons, messages that
 * quote a file) on its way into anything modelgate writes on GitHub: a check run, the sticky
 * comment, a reply, a deployment description (SPEC §4.4). The one function every renderer uses.
 *
 * - No HTML: `<`, `>` and `&` become entities (in a code span, look-alike characters), so no
 *   tag, no HTML comment and therefore none of modelgate's own markers can appear.
 * - No live `@mention`, `#123`, `GH-123` or autolink: a word joiner (U+2060) after `@`, `#`,
 *   `GH` and inside `://` / `www.` keeps the text readable and the reference dead.
 * - In text, Markdown punctuation is backslash-escaped; in a code span (`code`) a
 *   backtick cannot close the span (it becomes `'`) and a pipe cannot split a table cell.
 * - One line, control and bidirectional-override characters removed, at most `max` characters.
 */
export interface NeutralizeOptions {
  /** Characters of input kept; longer text ends in `…`. */
  max?: number;
  /**
   * `span`: render as a complete inline code span. `inside`: text for inside a code span the
   * caller opens and closes (e.g. a command with a model name in it).
   */
  code?: "span" | "inside";
}

export const DEFAULT_MAX = 300;
const JOINER = "\u2060";

export function neutralize(value: string, opts: NeutralizeOptions = {}): string {
  const text = cap(oneLine(String(value)), opts.max ?? DEFAULT_MAX);
  if (opts.code === undefined) return inert(forText(text));
  const inside = inert(forCode(text));
  return opts.code === "span" ? `\`${inside}\`` : inside;
}

/* Newlines, tabs and other controls become spaces; format characters (bidi overrides, zero-width marks) go. */
function oneLine(s: string): string {
  return s.replace(/\p{Cc}+/gu, " ").replace(/[\p{Cf}\u2028\u2029]/gu, "");
}

function cap(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

function forText(s: string): string {
  return s
    .replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"))
    .replace(/[\\`*_{}[\]|~]/g, (c) => `\\${c}`);
}

/* A code span is literal: escapes would show, so the dangerous characters are replaced. */
function forCode(s: string): string {
  return s.replace(/`/g, "'").replace(/</g, "\uff1c").replace(/>/g, "\uff1e").replace(/\|/g, "\u2502");
}

function inert(s: string): string {
  return s
    .replace(/@(?=[\p{L}\p{N}_-])/gu, `@${JOINER}`)
    .replace(/#(?=[\p{L}\p{N}_-])/gu, `#${JOINER}`)
    .replace(/\bGH-/gi, (m) => `${m.slice(0, 2)}${JOINER}-`)
    .replace(/:\/\//g, `:${JOINER}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${JOINER}.`);
}
