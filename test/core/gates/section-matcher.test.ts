import { describe, expect, it } from "vitest";
import {
  findRequiredSection,
  isEmptySection,
  normaliseSectionName,
  sectionNamesMatch,
} from "../../../src/core/gates/section-matcher.ts";
import { section } from "./builders.ts";

describe("normaliseSectionName", () => {
  it.each([
    ["Bias, Risks, and Limitations", "bias risks and limitations"],
    ["Intended Uses & Limitations", "intended uses and limitations"],
    ["  EVALUATION:  ", "evaluation"],
    ["3. Training Data", "training data"],
    ["2.1 Out-of-Scope Use", "out of scope use"],
  ])("%s → %s", (input, expected) => {
    expect(normaliseSectionName(input)).toBe(expected);
  });
});

describe("sectionNamesMatch", () => {
  it.each([
    ["Limitations", "limitations", true],
    ["LIMITATIONS!", "limitations", true],
    ["Bias, Risks, and Limitations", "limitations", true],
    ["Caveats and Recommendations", "limitations", true],
    ["Bias, Risks, and Limitations", "ethical considerations", true],
    ["Ethical Considerations", "ethical considerations", true],
    ["Uses", "intended use", true],
    ["Intended Uses & Limitations", "intended use", true],
    ["Direct Use", "intended use", true],
    ["Intended Uses", "intended use", true],
    ["Training Details", "training data", true],
    ["Training Data", "training data", true],
    ["Evaluation", "evaluation", true],
    ["Evaluation Results", "evaluation", true],
    ["Quantitative Analyses", "evaluation", true],
    // A required synonym finds the canonical heading too.
    ["Intended Use", "uses", true],
    ["Custom Notes", "custom notes", true],
    // Negative cases
    ["Out-of-Scope Use", "intended use", false],
    ["Training Procedure", "training data", false],
    ["Evaluation", "limitations", false],
    ["Ethical Considerations", "limitations", false],
    ["", "limitations", false],
    ["!!!", "", false],
  ])("%s satisfies %s: %s", (heading, required, expected) => {
    expect(sectionNamesMatch(heading, required)).toBe(expected);
  });
});

describe("isEmptySection", () => {
  const long = "This model scores card transactions for fraud in real time.";
  it.each([
    { name: "a long sentence", text: long, min: 40, empty: false },
    { name: "too short", text: "Fraud scoring.", min: 40, empty: true },
    { name: "short but no minimum", text: "Fraud scoring.", min: 0, empty: false },
    { name: "blank", text: "  \n\n ", min: 40, empty: true },
    { name: "HF placeholder", text: "\n[More Information Needed]\n", min: 0, empty: true },
    { name: "HF trainer's placeholder", text: "More information needed", min: 0, empty: true },
    { name: "TODO", text: "TODO", min: 0, empty: true },
    { name: "bold TBD", text: "**TBD**", min: 0, empty: true },
    { name: "N/A.", text: "N/A.", min: 0, empty: true },
    { name: "ellipsis", text: "...", min: 0, empty: true },
    { name: "bulleted placeholder", text: "- TODO", min: 0, empty: true },
    { name: "only a comment", text: `<!-- ${long} -->`, min: 40, empty: true },
    { name: "unterminated comment", text: `<!-- ${long}`, min: 40, empty: true },
    { name: "text and a comment", text: `<!-- hint -->\n${long}`, min: 40, empty: false },
    {
      name: "placeholder beside real text",
      text: `${long}\n[More Information Needed]`,
      min: 40,
      empty: false,
    },
    { name: "TODO inside a sentence", text: `A TODO-list classifier. ${long}`, min: 40, empty: false },
    {
      name: "a parent whose subsections are placeholders",
      text: "### Direct Use\n\n[More Information Needed]\n\n### Downstream Use\n\n[More Information Needed]\n",
      min: 40,
      empty: true,
    },
    {
      name: "a parent with a filled subsection",
      text: `### Direct Use\n\n${long}\n\n### Downstream Use\n\n[More Information Needed]\n`,
      min: 40,
      empty: false,
    },
    {
      name: "a code block with # lines",
      text: "```python\n# load the model and score a batch of transactions\nmodel.predict(x)\n```",
      min: 40,
      empty: false,
    },
  ])("$name → empty: $empty", ({ text, min, empty }) => {
    expect(isEmptySection(text, min)).toBe(empty);
  });
});

describe("findRequiredSection", () => {
  it("prefers a filled match over an empty one", () => {
    const sections = [
      section("Uses", { line: 5, text: "TODO" }),
      section("Direct Use", { line: 9, level: 3 }),
    ];
    expect(findRequiredSection(sections, "intended use", 40)).toEqual({
      kind: "found",
      section: sections[1],
    });
  });

  it("reports the first heading when every match is empty", () => {
    const sections = [
      section("Uses", { line: 5, text: "TODO" }),
      section("Direct Use", { line: 9, text: "" }),
    ];
    expect(findRequiredSection(sections, "intended use", 40)).toEqual({
      kind: "empty",
      section: sections[0],
    });
  });

  it("is missing when no heading matches", () => {
    expect(findRequiredSection([section("Training Procedure")], "training data", 40)).toEqual({
      kind: "missing",
    });
  });
});
