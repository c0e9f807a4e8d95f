import { splitFrontMatter } from "../../parse/split-front-matter.ts";

/** Front-matter keys that make a README.md a Hugging Face model card (SPEC §1.1). */
const CARD_KEYS = ["model-index", "pipeline_tag", "library_name", "base_model"] as const;
const MENTION = new RegExp(`^(?:${CARD_KEYS.join("|")})\\s*:`, "m");

/**
 * A README.md is a card only when its front matter has one of CARD_KEYS: the Hub's own card is
 * the repository's README.md, and any other README is not a model. `fields` are the parsed front
 * matter (null when it could not be read): a README whose front matter is broken but visibly
 * names one of the keys is a card too, so its parse error is reported instead of the card
 * silently vanishing. Never throws.
 */
export function isHuggingFaceCard(text: string, fields: Record<string, unknown> | null): boolean {
  if (!text.replace(/^\uFEFF/, "").startsWith("---")) return false;
  if (fields !== null && CARD_KEYS.some((k) => Object.hasOwn(fields, k) && fields[k] != null)) return true;
  const fm = splitFrontMatter(text);
  return fm.yaml !== null && MENTION.test(fm.yaml) && (fields === null || Object.keys(fields).length === 0);
}
