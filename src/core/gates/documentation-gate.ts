import type { Gates } from "../policy/schema.ts";
import type { Finding, ModelCard, ModelContext } from "../types.ts";
import { findRequiredSection } from "./section-matcher.ts";

type DocumentationCode =
  | "doc.missing-field"
  | "doc.missing-section"
  | "doc.empty-section"
  | "doc.no-owner"
  | "doc.missing-card";

/**
 * SPEC §3.2: required front-matter fields, required sections with content, and owners.
 *
 * Something absent has no line of its own: its finding points at the card's first line, so that
 * it still becomes an annotation.
 *
 * Owners are required exactly when `owners` is in `required_fields` (the default), so a team
 * that does not want them can drop the key. The problem is then reported once, as the more
 * specific `doc.no-owner`, never also as `doc.missing-field`; it also catches an `owners` list
 * that is present but holds no usable entry (`owners: [""]`).
 */
export function documentationGate(ctx: ModelContext, gates: Gates): Finding[] {
  const { required_fields, required_sections, min_section_chars } = gates.documentation;
  const card = ctx.card;
  const finding = (code: DocumentationCode, line: number | null, message: string): Finding => ({
    gate: "documentation",
    code,
    severity: "error",
    model: ctx.name,
    file: card.file,
    line,
    message,
  });

  if (ctx.hasCard === false) return [missingCard(ctx, gates)];
  const findings: Finding[] = [];
  for (const field of required_fields) {
    if (field === "owners") {
      if (card.owners.length === 0)
        findings.push(finding("doc.no-owner", fieldLine(card, field), noOwner(card)));
      continue;
    }
    if (isBlank(fieldValue(card, field))) {
      findings.push(finding("doc.missing-field", fieldLine(card, field), missingField(card, field)));
    }
  }
  for (const name of required_sections) {
    const match = findRequiredSection(card.sections, name, min_section_chars);
    if (match.kind === "missing") {
      findings.push(
        finding(
          "doc.missing-section",
          1,
          `the card has no "${name}" section: add a heading "## ${title(name)}"`,
        ),
      );
    } else if (match.kind === "empty") {
      const why = `is empty (a placeholder, or fewer than ${min_section_chars} characters)`;
      findings.push(
        finding(
          "doc.empty-section",
          match.section.line,
          `section "${match.section.title}" ${why}: describe ${name}`,
        ),
      );
    }
  }
  return findings;
}

/**
 * SPEC §1.4: a model of another tool with no card gets one finding that asks for a card, not a
 * wall of missing fields and sections; a warning unless the policy requires cards.
 */
function missingCard(ctx: ModelContext, gates: Gates): Finding {
  const beside = ctx.card.file.includes("/")
    ? ctx.card.file.slice(0, ctx.card.file.lastIndexOf("/") + 1)
    : "";
  return {
    gate: "documentation",
    code: "doc.missing-card",
    severity: gates.documentation.require_card ? "error" : "warning",
    model: ctx.name,
    file: ctx.card.file,
    line: ctx.card.fieldLines.name ?? 1,
    message: `${ctx.name} (${ctx.source ?? "native"}) has no model card: add ${beside}MODEL_CARD.md with its owners, license and intended use`,
  };
}

function fieldValue(card: ModelCard, field: string): unknown {
  return Object.hasOwn(card.fields, field) ? card.fields[field] : undefined;
}

/** The key's own line when it is written but empty; the card's first line when it is absent. */
function fieldLine(card: ModelCard, field: string): number {
  if (!Object.hasOwn(card.fields, field) || !Object.hasOwn(card.fieldLines, field)) return 1;
  return card.fieldLines[field] ?? 1;
}

/** Absent, null, a blank string, or an empty list or mapping. Zero and false are values. */
function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

function missingField(card: ModelCard, field: string): string {
  const state = fieldValue(card, field) === undefined ? "is missing" : "is empty";
  return `front-matter field "${field}" ${state}: add "${field}: ..." to the card's front matter`;
}

function noOwner(card: ModelCard): string {
  const state = fieldValue(card, "owners") === undefined ? "names no owners" : "has an empty owners list";
  return `the card ${state}: add "owners: [your-login]" (GitHub logins, @org/team, or {name, contact})`;
}

/** "intended use" → "Intended use", for the suggested heading. */
function title(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
