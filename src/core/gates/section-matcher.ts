import type { CardSection } from "../types.ts";

/**
 * How a card's Markdown headings satisfy `gates.documentation.required_sections` (SPEC §1.1):
 * names compare case-insensitively with punctuation ignored, and through groups of synonyms, and
 * a section whose text is a placeholder or too short counts as empty.
 */

/**
 * Groups of headings that mean the same thing. A required name matches a heading when both are
 * equal after normalising or fall in one group, so requiring "Uses" is as good as requiring
 * "intended use". A heading may belong to several groups ("Bias, Risks, and Limitations" is both
 * limitations and ethical considerations). Only synonyms that are clearly the same section are
 * listed: "Out-of-Scope Use" says what the model is NOT for, so it does not count as intended use.
 */
const SYNONYM_GROUPS: readonly (readonly string[])[] = [
  [
    "limitations",
    "known limitations",
    "risks and limitations",
    "bias risks and limitations",
    "caveats and recommendations",
  ],
  ["intended use", "intended uses", "uses", "intended uses and limitations", "direct use"],
  ["training data", "training details", "training dataset", "training datasets"],
  ["evaluation", "evaluations", "evaluation results", "quantitative analyses", "quantitative analysis"],
  ["ethical considerations", "ethics", "bias risks and limitations"],
];

/** Lower case, `&` read as "and", punctuation dropped, a leading "1." or "2.3" numbering dropped. */
export function normaliseSectionName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/^\s*\d+(\.\d+)*\.?\s+/, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const GROUP_OF = buildGroupIndex();

function buildGroupIndex(): Map<string, Set<number>> {
  const index = new Map<string, Set<number>>();
  SYNONYM_GROUPS.forEach((group, i) => {
    for (const name of group) {
      const key = normaliseSectionName(name);
      const groups = index.get(key) ?? new Set<number>();
      groups.add(i);
      index.set(key, groups);
    }
  });
  return index;
}

/** Whether a heading satisfies a required section name. */
export function sectionNamesMatch(heading: string, required: string): boolean {
  const h = normaliseSectionName(heading);
  const r = normaliseSectionName(required);
  if (h === "" || r === "") return false;
  if (h === r) return true;
  const hGroups = GROUP_OF.get(h);
  const rGroups = GROUP_OF.get(r);
  if (!hGroups || !rGroups) return false;
  for (const g of hGroups) if (rGroups.has(g)) return true;
  return false;
}

/**
 * Placeholders left by templates, compared after stripping emphasis, brackets, list markers and
 * a final period. "More information needed" is how the Hugging Face trainer writes it.
 */
const PLACEHOLDERS = new Set(["more information needed", "todo", "tbd", "n/a", "...", "…"]);

function isPlaceholderLine(line: string): boolean {
  const bare = line
    .trim()
    .replace(/^([-*+]|\d+\.)\s+/, "")
    .replace(/^[\s[*_`]+|[\s\]*_`]+$/g, "")
    .replace(/(?<=\w)\.$/, "")
    .toLowerCase();
  return PLACEHOLDERS.has(bare);
}

const HEADING_LINE = /^\s{0,3}#{1,6}(\s|$)/;
const FENCE_LINE = /^\s{0,3}(```|~~~)/;

/**
 * The lines of a section that carry content: without HTML comments, without the headings of its
 * subsections (a parent whose subsections are all placeholders is empty; one with a filled
 * subsection is not), and without placeholder lines. `#` lines inside code fences are content.
 */
function contentLines(text: string): { lines: string[]; placeholders: number } {
  const lines: string[] = [];
  let placeholders = 0;
  let inFence = false;
  for (const line of text.replace(/<!--[\s\S]*?(-->|$)/g, "").split(/\r?\n/)) {
    if (FENCE_LINE.test(line)) inFence = !inFence;
    if (!inFence && HEADING_LINE.test(line)) continue;
    if (!inFence && isPlaceholderLine(line)) {
      placeholders++;
      continue;
    }
    lines.push(line);
  }
  return { lines, placeholders };
}

/**
 * SPEC §1.1: empty when fewer than `minChars` non-space characters remain, or when the section
 * consists of placeholders only. A placeholder next to real text does not make a section empty.
 */
export function isEmptySection(text: string, minChars: number): boolean {
  const { lines, placeholders } = contentLines(text);
  const chars = lines.join("").replace(/\s+/g, "").length;
  if (chars === 0 && placeholders > 0) return true;
  return chars < minChars;
}

export type SectionMatch =
  | { kind: "found"; section: CardSection }
  | { kind: "empty"; section: CardSection }
  | { kind: "missing" };

/**
 * The card's section for a required name: any matching non-empty heading satisfies it; when
 * every match is empty the first one is reported, so the finding lands on a real heading.
 */
export function findRequiredSection(
  sections: readonly CardSection[],
  required: string,
  minChars: number,
): SectionMatch {
  const matches = sections.filter((s) => sectionNamesMatch(s.title, required));
  const filled = matches.find((s) => !isEmptySection(s.text, minChars));
  if (filled) return { kind: "found", section: filled };
  const first = matches[0];
  return first ? { kind: "empty", section: first } : { kind: "missing" };
}
