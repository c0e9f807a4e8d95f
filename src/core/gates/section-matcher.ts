import type { CardSection } from "../types.ts";
import { SECTION_SYNONYMS } from "./section-synonyms.ts";

/**
 * How a card's Markdown headings satisfy `gates.documentation.required_sections` (SPEC §1.1):
 * names compare case-insensitively with punctuation ignored, and through groups of synonyms, and
 * a section whose text is a placeholder or too short counts as empty. The synonyms are one table,
 * `SECTION_SYNONYMS`.
 */

/** Lower case, `&` read as "and", punctuation dropped, numbering ("1.", "2.3") and "[optional]" dropped. */
export function normaliseSectionName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/^\s*\d+(\.\d+)*\.?\s+/, "")
    .replace(/[[(]\s*optional\s*[\])]/g, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Normalised key of each table entry → its normalised headings, the key included. */
const ACCEPTED_BY_KEY = new Map<string, Set<string>>(
  Object.entries(SECTION_SYNONYMS).map(([key, headings]) => {
    const k = normaliseSectionName(key);
    return [k, new Set([k, ...headings.map(normaliseSectionName)])];
  }),
);

// Required names are few and come from the policy; headings repeat across cards. Both bounded,
// since a long-running App sees many policies and many cards.
const acceptedCache = new Map<string, ReadonlySet<string>>();
const headingCache = new Map<string, string>();
const MAX_CACHED = 4096;

/**
 * The normalised headings that satisfy a required name: a name the table is keyed by accepts its
 * entry's headings; any other name accepts itself and the headings of every entry listing it
 * (requiring "Uses" is as good as requiring "intended use").
 */
function acceptedHeadings(required: string): ReadonlySet<string> {
  const cached = acceptedCache.get(required);
  if (cached !== undefined) return cached;
  if (acceptedCache.size >= MAX_CACHED) acceptedCache.clear();
  const r = normaliseSectionName(required);
  let accepted: Set<string> = ACCEPTED_BY_KEY.get(r) ?? new Set();
  if (!ACCEPTED_BY_KEY.has(r) && r !== "") {
    accepted = new Set([r]);
    for (const entry of ACCEPTED_BY_KEY.values()) if (entry.has(r)) for (const h of entry) accepted.add(h);
  }
  acceptedCache.set(required, accepted);
  return accepted;
}

function normalisedHeading(title: string): string {
  const cached = headingCache.get(title);
  if (cached !== undefined) return cached;
  if (headingCache.size >= MAX_CACHED) headingCache.clear();
  const h = normaliseSectionName(title);
  headingCache.set(title, h);
  return h;
}

/** Whether a heading satisfies a required section name (SPEC §1.1, `SECTION_SYNONYMS`). */
export function sectionNamesMatch(heading: string, required: string): boolean {
  const h = normalisedHeading(heading);
  return h !== "" && acceptedHeadings(required).has(h);
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
