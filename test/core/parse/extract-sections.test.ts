import { describe, expect, it } from "vitest";
import { extractSections } from "../../../src/core/parse/extract-sections.ts";

const titles = (body: string) => extractSections(body, 1).map((s) => `${s.level}:${s.title}@${s.line}`);

describe("extractSections", () => {
  it.each([
    { name: "ATX levels", body: "# A\n## B\n###### F\n####### not", expected: ["1:A@1", "2:B@2", "6:F@3"] },
    { name: "closing hashes", body: "## Uses ##\n", expected: ["2:Uses@1"] },
    { name: "up to 3 spaces of indent", body: "   # A\n    # code\n", expected: ["1:A@1"] },
    { name: "no space after #", body: "#hashtag\n# Real\n", expected: ["1:Real@2"] },
    { name: "``` fence", body: "# A\n```python\n# comment\n```\n# B", expected: ["1:A@1", "1:B@5"] },
    { name: "~~~ fence", body: "~~~\n# x\n~~~~\n# B", expected: ["1:B@4"] },
    { name: "longer fence closes only with as many", body: "````\n```\n# x\n````\n# B", expected: ["1:B@5"] },
    { name: "unclosed fence hides the rest", body: "# A\n```\n# B", expected: ["1:A@1"] },
    { name: "heading in a comment", body: "<!--\n# Hidden\n-->\n# Shown", expected: ["1:Shown@4"] },
    { name: "setext", body: "Title\n=====\n\nSub\n---\ntext", expected: ["1:Title@1", "2:Sub@4"] },
    { name: "--- after a list is a break", body: "- item\n---\n", expected: [] },
    { name: "--- after a two-line paragraph is ignored", body: "one\ntwo\n---\n", expected: [] },
    {
      name: "merge conflict =======",
      body: "<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> x\n",
      expected: [],
    },
  ])("$name", ({ body, expected }) => {
    expect(titles(body)).toEqual(expected);
  });

  it("takes the text down to the next heading of the same or higher level, without comments", () => {
    const body = [
      "# Card",
      "intro",
      "## Uses",
      "<!-- Address questions -->",
      "Direct use <!-- inline --> only.",
      "### Direct Use",
      "[More Information Needed]",
      "## Limitations",
      "```",
      "## not a heading",
      "```",
    ].join("\n");
    const sections = extractSections(body, 10);
    expect(sections.map((s) => [s.title, s.level, s.line, s.text])).toEqual([
      ["Card", 1, 10, "intro\n\nDirect use  only.\n[More Information Needed]\n```\n## not a heading\n```"],
      ["Uses", 2, 12, "Direct use  only.\n[More Information Needed]"],
      ["Direct Use", 3, 15, "[More Information Needed]"],
      ["Limitations", 2, 17, "```\n## not a heading\n```"],
    ]);
  });
});

describe("extractSections on hostile input", () => {
  it.each([
    { name: "100k headings", body: "# a\n## b\n".repeat(50_000), sections: 100_000 },
    { name: "a line of 100k comments", body: `# a\n${"<!-- x -->".repeat(100_000)}\n`, sections: 1 },
    {
      name: "a deep ladder of levels",
      body: "# 1\n## 2\n### 3\n#### 4\n##### 5\n###### 6\n".repeat(10_000),
      sections: 60_000,
    },
  ])(
    "handles $name (a quadratic scan would hit the test timeout; times are for bench/)",
    ({ body, sections }) => {
      expect(extractSections(body, 1)).toHaveLength(sections);
    },
  );
});
