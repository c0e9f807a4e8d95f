import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SECTION_SYNONYMS } from "../../src/core/gates/section-synonyms.ts";

const doc = readFileSync(new URL("../../docs/policy.md", import.meta.url), "utf8");
const START = "<!-- generated:section-synonyms:start -->\n";
const END = "<!-- generated:section-synonyms:end -->";

/** The docs' table of SPEC §1.1's synonyms, as it must read: one row per entry of the code's table. */
function synonymTable(): string {
  const rows = Object.entries(SECTION_SYNONYMS).map(
    ([required, headings]) => `| \`${required}\` | ${headings.map((h) => `"${h}"`).join(", ")} |`,
  );
  return ["| required section | headings that satisfy it |", "|---|---|", ...rows].join("\n");
}

describe("docs/policy.md", () => {
  it("shows the section synonyms the code uses", () => {
    expect(doc).toContain(START);
    const shown = doc.slice(doc.indexOf(START) + START.length, doc.indexOf(END)).trim();
    expect(
      shown,
      "docs/policy.md's synonym table differs from SECTION_SYNONYMS: paste the expected table",
    ).toBe(synonymTable());
  });
});
