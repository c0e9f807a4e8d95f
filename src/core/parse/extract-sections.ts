import type { CardSection } from "../types.ts";

interface ScannedLine {
  /** The line with HTML comments removed (fenced code kept verbatim). */
  text: string;
  line: number;
  kind: "blank" | "paragraph" | "other" | "fence" | "heading";
  heading: { level: number; title: string } | null;
}

interface Fence {
  char: string;
  length: number;
}

/**
 * The card's sections: ATX headings (`#`…`######`) and single-line setext headings (`===`/`---`
 * underlines), outside fenced code. Each section's text runs down to the next heading of the same
 * or higher level, without HTML comments and without the sub-headings' own titles (so a section
 * made only of empty sub-sections still reads as empty).
 * `firstLine` is the file line of the body's first line.
 */
export function extractSections(body: string, firstLine: number): CardSection[] {
  const lines = scanLines(body, firstLine);
  const sections: CardSection[] = [];
  // Open headings, outermost first; one pass, so a hostile card of 100k headings stays linear.
  const open: Array<{ index: number; level: number }> = [];
  const close = (end: number) => {
    const top = open.pop();
    if (top !== undefined) sections.push(section(lines, top.index, end));
  };
  lines.forEach((l, i) => {
    if (l.heading === null) return;
    while ((open[open.length - 1]?.level ?? 0) >= l.heading.level) close(i);
    open.push({ index: i, level: l.heading.level });
  });
  while (open.length > 0) close(lines.length);
  return sections.sort((a, b) => a.line - b.line);
}

function section(lines: ReadonlyArray<ScannedLine>, index: number, end: number): CardSection {
  const head = lines[index];
  const text = lines
    .slice(index + 1, end)
    .filter((m) => m.heading === null)
    .map((m) => m.text)
    .join("\n")
    .trim();
  return { title: head?.heading?.title ?? "", level: head?.heading?.level ?? 1, text, line: head?.line ?? 0 };
}

function scanLines(body: string, firstLine: number): ScannedLine[] {
  const out: ScannedLine[] = [];
  // `=======` of a committed merge conflict is not a setext underline.
  const conflicted = /^<{7}(?: |$)/m.test(body);
  let fence: Fence | null = null;
  let inComment = false;
  body.split(/\r?\n/).forEach((raw, i) => {
    const line = firstLine + i;
    if (fence !== null) {
      if (closesFence(raw, fence)) fence = null;
      out.push({ text: raw, line, kind: "fence", heading: null });
      return;
    }
    const stripped = stripComments(raw, inComment);
    inComment = stripped.open;
    const text = stripped.text;
    fence = openFence(text);
    if (fence !== null) {
      out.push({ text, line, kind: "fence", heading: null });
      return;
    }
    const atx = atxHeading(text);
    if (atx !== null) {
      out.push({ text, line, kind: "heading", heading: atx });
      return;
    }
    if (promoteSetext(out, text, conflicted)) {
      out.push({ text: "", line, kind: "other", heading: null });
      return;
    }
    out.push({ text, line, kind: classify(text), heading: null });
  });
  return out;
}

/** Removes `<!-- … -->` from one line; `open` carries a comment over to the next line. */
function stripComments(raw: string, inComment: boolean): { text: string; open: boolean } {
  let kept = "";
  let pos = 0;
  let open = inComment;
  // Positions, not slices: a long line of many comments must stay linear.
  while (pos <= raw.length) {
    if (open) {
      const end = raw.indexOf("-->", pos);
      if (end < 0) return { text: kept, open: true };
      pos = end + 3;
      open = false;
      continue;
    }
    const start = raw.indexOf("<!--", pos);
    if (start < 0) return { text: kept + raw.slice(pos), open: false };
    kept += raw.slice(pos, start);
    pos = start + 4;
    open = true;
  }
  return { text: kept, open };
}

function openFence(text: string): Fence | null {
  const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(text);
  if (!m?.[1]) return null;
  const marker = m[1];
  // A backtick fence's info string may not contain backticks (CommonMark): that is inline code.
  if (marker.startsWith("`") && (m[2] ?? "").includes("`")) return null;
  return { char: marker.charAt(0), length: marker.length };
}

function closesFence(text: string, fence: Fence): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(text);
  const marker = m?.[1] ?? "";
  return marker.startsWith(fence.char) && marker.length >= fence.length;
}

function atxHeading(text: string): { level: number; title: string } | null {
  const m = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/.exec(text);
  if (!m?.[1]) return null;
  // A closing sequence (`## Title ##`) is not part of the title.
  const title = (m[2] ?? "").replace(/(?:^|[ \t]+)#+$/, "").trim();
  return { level: m[1].length, title };
}

/**
 * Turns the previous line into a setext heading when `text` underlines it. Only a one-line
 * paragraph qualifies: cheap, and it keeps a `---` after a list, quote or table a thematic break.
 */
function promoteSetext(out: ScannedLine[], text: string, conflicted: boolean): boolean {
  const m = /^ {0,3}(=+|-+)[ \t]*$/.exec(text);
  if (!m?.[1]) return false;
  if (conflicted && m[1] === "=======") return false;
  const prev = out[out.length - 1];
  const beforePrev = out[out.length - 2];
  if (prev?.kind !== "paragraph") return false;
  if (beforePrev !== undefined && beforePrev.kind !== "blank" && beforePrev.kind !== "heading") return false;
  prev.kind = "heading";
  prev.heading = { level: m[1].startsWith("=") ? 1 : 2, title: prev.text.trim() };
  return true;
}

function classify(text: string): ScannedLine["kind"] {
  if (text.trim() === "") return "blank";
  if (/^ {4,}|^\t/.test(text)) return "other";
  if (/^ {0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|>|\||<|={7}|>{7})/.test(text)) return "other";
  return "paragraph";
}
