import { describe, expect, it } from "vitest";
import { documentationGate } from "../../../src/core/gates/documentation-gate.ts";
import type { ModelCard } from "../../../src/core/types.ts";
import { CARD_FILE, card, ctx, gates, section } from "./builders.ts";

const fields = card().fields;
const withFields = (changes: Record<string, unknown>): Partial<ModelCard> => ({
  fields: { ...fields, ...changes },
});
const withoutField = (key: string): Partial<ModelCard> => ({
  fields: Object.fromEntries(Object.entries(fields).filter(([k]) => k !== key)),
});

describe("documentationGate", () => {
  it.each<{ name: string; card: Partial<ModelCard>; policy?: Record<string, unknown>; codes: string[] }>([
    { name: "a complete card", card: {}, codes: [] },
    { name: "no license", card: withoutField("license"), codes: ["doc.missing-field"] },
    { name: "blank license", card: withFields({ license: "  " }), codes: ["doc.missing-field"] },
    { name: "null license", card: withFields({ license: null }), codes: ["doc.missing-field"] },
    {
      name: "an extra required field, empty list",
      card: withFields({ datasets: [] }),
      policy: { documentation: { required_fields: ["license", "owners", "datasets"] } },
      codes: ["doc.missing-field"],
    },
    {
      name: "zero and false are values",
      card: withFields({ epochs: 0, gated: false }),
      policy: { documentation: { required_fields: ["epochs", "gated"] } },
      codes: [],
    },
    {
      name: "no owners: reported once, as no-owner",
      card: { owners: [], ...withoutField("owners") },
      codes: ["doc.no-owner"],
    },
    {
      name: "owners with no usable entry",
      card: { owners: [], ...withFields({ owners: [""] }) },
      codes: ["doc.no-owner"],
    },
    {
      name: "no owners but owners not required",
      card: { owners: [] },
      policy: { documentation: { required_fields: ["license"] } },
      codes: [],
    },
    {
      name: "a missing section",
      card: { sections: card().sections.filter((s) => s.title !== "Limitations") },
      codes: ["doc.missing-section"],
    },
    {
      name: "sections under Hugging Face names",
      card: {
        sections: [
          section("Uses"),
          section("Bias, Risks, and Limitations"),
          section("Training Details"),
          section("Quantitative Analyses"),
        ],
      },
      codes: [],
    },
    {
      name: "a placeholder section",
      card: {
        sections: card().sections.map((s) =>
          s.title === "Evaluation" ? { ...s, text: "[More Information Needed]" } : s,
        ),
      },
      codes: ["doc.empty-section"],
    },
    {
      name: "a short section",
      card: {
        sections: card().sections.map((s) => (s.title === "Evaluation" ? { ...s, text: "AUC 0.94" } : s)),
      },
      codes: ["doc.empty-section"],
    },
    {
      name: "a short section with a lower minimum",
      card: {
        sections: card().sections.map((s) => (s.title === "Evaluation" ? { ...s, text: "AUC 0.94" } : s)),
      },
      policy: { documentation: { min_section_chars: 5 } },
      codes: [],
    },
    {
      name: "everything wrong, in order: fields, then sections",
      card: { owners: [], sections: [section("Uses", { text: "TODO" })], ...withoutField("license") },
      codes: [
        "doc.missing-field",
        "doc.no-owner",
        "doc.empty-section",
        "doc.missing-section",
        "doc.missing-section",
        "doc.missing-section",
      ],
    },
    {
      name: "nothing required",
      card: { owners: [], sections: [], fields: {} },
      policy: { documentation: { required_fields: [], required_sections: [] } },
      codes: [],
    },
  ])("$name → $codes", ({ card: overrides, policy, codes }) => {
    const findings = documentationGate(ctx({ card: card(overrides) }), gates(policy));
    expect(findings.map((f) => f.code)).toEqual(codes);
  });

  it("points an absent field at the card's first line and an empty one at its key", () => {
    const absent = documentationGate(ctx({ card: card(withoutField("license")) }), gates());
    expect(absent[0]).toMatchObject({
      gate: "documentation",
      severity: "error",
      model: "fraud-detector",
      file: CARD_FILE,
      line: 1,
    });
    const empty = documentationGate(ctx({ card: card(withFields({ license: "" })) }), gates());
    expect(empty[0]).toMatchObject({ line: 4 });
    expect(empty[0]?.message).toContain('"license" is empty');
  });

  it("points an empty section at its heading", () => {
    const sections = [
      ...card().sections.slice(0, 3),
      section("Evaluation Results", { line: 42, text: "TBD" }),
    ];
    const [finding] = documentationGate(ctx({ card: card({ sections }) }), gates());
    expect(finding).toMatchObject({ code: "doc.empty-section", line: 42 });
    expect(finding?.message).toContain('"Evaluation Results"');
  });

  it("uses the context's model name", () => {
    const findings = documentationGate({ ...ctx({ card: card({ owners: [] }) }), name: "renamed" }, gates());
    expect(findings.map((f) => f.model)).toEqual(["renamed"]);
  });
});
