export interface FrontMatter {
  /** The YAML between the `---` lines, or null when the file has none. */
  yaml: string | null;
  /** Lines before the YAML's first line (1: the opening `---`), so findings point at file lines. */
  yamlLineOffset: number;
  /** The opening `---` was never closed. */
  unclosed: boolean;
  body: string;
  /** 1-based file line of the body's first line. */
  bodyLine: number;
}

/**
 * Splits a Hugging Face style card: front matter only counts when `---` is the very first line
 * (as on the Hub); a `---` further down is a Markdown thematic break or setext underline.
 */
export function splitFrontMatter(text: string): FrontMatter {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const none: FrontMatter = { yaml: null, yamlLineOffset: 0, unclosed: false, body: text, bodyLine: 1 };
  if ((lines[0] ?? "").trimEnd() !== "---") return none;

  const close = lines.findIndex((l, i) => i > 0 && l.trimEnd() === "---");
  if (close < 0) return { ...none, unclosed: true, body: lines.slice(1).join("\n"), bodyLine: 2 };
  return {
    yaml: lines.slice(1, close).join("\n"),
    yamlLineOffset: 1,
    unclosed: false,
    body: lines.slice(close + 1).join("\n"),
    bodyLine: close + 2,
  };
}
