/** A line of a comment that looks like a command: `/name rest` (after the prefix). */
export interface CommandLine {
  /** 1-based line number in the comment. */
  line: number;
  /** Lower-cased command name. */
  name: string;
  /** The rest of the line, trimmed. */
  rest: string;
  /** The line as written, trimmed. */
  text: string;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const QUOTE = /^ {0,3}>/;

/**
 * The command lines of a comment. A command starts its line (up to three spaces, as Markdown
 * allows before a paragraph; four make an indented code block). Lines in `>` quotes and in
 * fenced code blocks are skipped: quoting or showing a command must never run it.
 */
export function commandLines(body: string, prefix: string): CommandLine[] {
  const re = new RegExp(`^ {0,3}${escapeRegExp(prefix)}/([a-z][a-z0-9_-]*)(?:[ \\t]+(.*?))?[ \\t]*$`, "i");
  const out: CommandLine[] = [];
  let fence: string | null = null;
  body.split(/\r?\n/).forEach((raw, i) => {
    const fenceMatch = FENCE.exec(raw);
    if (fenceMatch?.[1] !== undefined) {
      const marker = fenceMatch[1];
      // A fence closes only with the same character, at least as long (CommonMark).
      if (fence === null) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) fence = null;
      return;
    }
    if (fence !== null || QUOTE.test(raw)) return;
    const m = re.exec(raw);
    if (m?.[1] === undefined) return;
    out.push({ line: i + 1, name: m[1].toLowerCase(), rest: (m[2] ?? "").trim(), text: raw.trim() });
  });
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
