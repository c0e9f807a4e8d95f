import { describe, expect, it } from "vitest";
import { documentationGate } from "../../../src/core/gates/documentation-gate.ts";
import { sectionNamesMatch } from "../../../src/core/gates/section-matcher.ts";
import { SECTION_SYNONYMS } from "../../../src/core/gates/section-synonyms.ts";
import { parseModelCard } from "../../../src/core/parse/parse-model-card.ts";
import { ctx, gates } from "./builders.ts";

const FRONT = "---\nname: churn\nversion: 1.0.0\nlicense: mit\nowners: [alice]\n---\n";
const TEXT = "Scores subscribers by their chance of cancelling within thirty days, for retention offers.";

/** A card whose body has these headings (level by the number of #), each with a real paragraph. */
function body(headings: readonly string[], text = TEXT): string {
  return headings.map((h) => `${h}\n\n${text}\n`).join("\n");
}

function codes(markdown: string, documentation: Record<string, unknown> = {}): string[] {
  const parsed = parseModelCard("models/churn/MODEL_CARD.md", FRONT + markdown);
  if (parsed.value === null) throw new Error("card did not parse");
  return documentationGate(ctx({ card: parsed.value }), gates({ documentation })).map((f) => f.code);
}

// Headings as each layout writes them, copied from the layout's own template or paper.
const HUGGING_FACE_TEMPLATE = [
  "# Model Card for churn",
  "## Model Details",
  "### Model Description",
  "## Uses",
  "### Direct Use",
  "### Downstream Use [optional]",
  "### Out-of-Scope Use",
  "## Bias, Risks, and Limitations",
  "### Recommendations",
  "## Training Details",
  "### Training Data",
  "### Training Procedure",
  "## Evaluation",
  "### Testing Data, Factors & Metrics",
  "#### Testing Data",
  "### Results",
];
const HUGGING_FACE_TRAINER = [
  "# churn",
  "## Model description",
  "## Intended uses & limitations",
  "## Training and evaluation data",
  "## Training procedure",
];
const MITCHELL = [
  "# churn",
  "## Model Details",
  "## Intended Use",
  "## Factors",
  "## Metrics",
  "## Evaluation Data",
  "## Training Data",
  "## Quantitative Analyses",
  "## Ethical Considerations",
  "## Caveats and Recommendations",
];
const MODEL_CARD_TOOLKIT = [
  "# Model Card for churn",
  "## Model Details",
  "### Overview",
  "## Considerations",
  "### Use Cases",
  "### Limitations",
  "### Ethical Considerations",
  "## Graphics",
  "### Train Set",
  "### Eval Set",
  "### Quantitative Analysis",
];
const COMPOUND = ["# churn", "## Model Use", "## Training Data", "## Performance and Limitations"];

const MITCHELL_SECTIONS = [
  "model details",
  "intended use",
  "factors",
  "metrics",
  "evaluation data",
  "training data",
  "quantitative analyses",
  "ethical considerations",
  "caveats and recommendations",
];

describe("cards as people write them (SPEC §1.1)", () => {
  it.each<{ name: string; markdown: string; documentation?: Record<string, unknown>; codes: string[] }>([
    { name: "Hugging Face template", markdown: body(HUGGING_FACE_TEMPLATE), codes: [] },
    { name: "Hugging Face trainer card", markdown: body(HUGGING_FACE_TRAINER), codes: [] },
    { name: "Mitchell et al.", markdown: body(MITCHELL), codes: [] },
    { name: "Model Card Toolkit", markdown: body(MODEL_CARD_TOOLKIT), codes: [] },
    { name: "compound headings: one heading, two sections", markdown: body(COMPOUND), codes: [] },
    {
      name: "Ethical Considerations and Limitations is both",
      markdown: body([
        "## Uses",
        "## Training Data",
        "## Benchmarks",
        "## Ethical Considerations and Limitations",
      ]),
      documentation: {
        required_sections: [
          "intended use",
          "limitations",
          "training data",
          "evaluation",
          "ethical considerations",
        ],
      },
      codes: [],
    },
    {
      name: "Results satisfies evaluation",
      markdown: body(["## Uses", "## Limitations", "## Training Data", "## Results"]),
      codes: [],
    },
    {
      name: "a Mitchell policy on a Mitchell card",
      markdown: body(MITCHELL),
      documentation: { required_sections: MITCHELL_SECTIONS },
      codes: [],
    },
    {
      name: "a Mitchell policy on a Hugging Face card: its template has no Factors of its own but Testing Data, Factors & Metrics",
      markdown: body(HUGGING_FACE_TEMPLATE),
      documentation: { required_sections: MITCHELL_SECTIONS },
      codes: [],
    },
    {
      name: "the template left as generated: placeholders are empty sections",
      markdown: body(HUGGING_FACE_TEMPLATE, "[More Information Needed]"),
      codes: ["doc.empty-section", "doc.empty-section", "doc.empty-section", "doc.empty-section"],
    },
    {
      name: "the trainer card as generated: More information needed",
      markdown: body(HUGGING_FACE_TRAINER, "More information needed"),
      codes: ["doc.empty-section", "doc.empty-section", "doc.empty-section", "doc.empty-section"],
    },
    {
      name: "Out-of-Scope Use and Training Procedure are not what they sound like",
      markdown: body(["## Out-of-Scope Use", "## Limitations", "## Training Procedure", "## Evaluation"]),
      codes: ["doc.missing-section", "doc.missing-section"],
    },
    {
      name: "Evaluation does not satisfy a required metrics section",
      markdown: body(["## Evaluation"]),
      documentation: { required_sections: ["metrics"] },
      codes: ["doc.missing-section"],
    },
  ])("$name", ({ markdown, documentation, codes: expected }) => {
    expect(codes(markdown, documentation)).toEqual(expected);
  });
});

describe("SECTION_SYNONYMS", () => {
  it.each(Object.entries(SECTION_SYNONYMS))(
    "every heading listed for %s satisfies it",
    (required, headings) => {
      for (const heading of headings)
        expect([heading, sectionNamesMatch(heading, required)]).toEqual([heading, true]);
    },
  );

  it("lists each heading once per entry, after normalising", () => {
    for (const headings of Object.values(SECTION_SYNONYMS)) {
      const keys = headings.map((h) => h.toLowerCase().replace(/[^a-z0-9]+/g, " "));
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
