import { describe, expect, it } from "vitest";
import { parseModelCard } from "../../../src/core/parse/parse-model-card.ts";
import type { ModelCard } from "../../../src/core/types.ts";

const md = (...frontMatter: string[]) => ["---", ...frontMatter, "---", "", "# Title", "text"].join("\n");

function card(file: string, text: string): { card: ModelCard; codes: string[]; lines: Array<number | null> } {
  const r = parseModelCard(file, text);
  if (r.value === null) throw new Error("a card is always returned");
  return { card: r.value, codes: r.findings.map((f) => f.code), lines: r.findings.map((f) => f.line) };
}

describe("parseModelCard: identity and keys", () => {
  it.each([
    {
      name: "name key",
      file: "m/fraud/MODEL_CARD.md",
      text: md("name: fraud-detector"),
      expected: "fraud-detector",
    },
    {
      name: "model-index[0].name",
      file: "m/x/README.md",
      text: md("model-index:", "- name: from-index", "  results: []"),
      expected: "from-index",
    },
    {
      name: "parent folder",
      file: "models/churn/MODEL_CARD.md",
      text: md("license: mit"),
      expected: "churn",
    },
    {
      name: "file name at the root",
      file: "MODEL_CARD.md",
      text: "# no front matter",
      expected: "MODEL_CARD",
    },
    { name: "numeric name as written", file: "a/b.md", text: md("name: 2024.10"), expected: "2024.10" },
  ])("name from $name", ({ file, text, expected }) => {
    expect(card(file, text).card.name).toBe(expected);
  });

  it("reports a name of the wrong type and falls back to the folder", () => {
    const r = card("models/churn/MODEL_CARD.md", md("license: mit", "name: [a, b]"));
    expect(r.card.name).toBe("churn");
    expect(r.codes).toEqual(["parse.schema"]);
    expect(r.lines).toEqual([3]);
  });

  it("gives every top-level key with its file line (front matter starts on line 2)", () => {
    const r = card("m/c/MODEL_CARD.md", md("license: mit", "tags:", "  - a", "version: 1.2.0"));
    expect(r.card.fieldLines).toEqual({ license: 2, tags: 3, version: 5 });
    expect(r.card.fields).toEqual({ license: "mit", tags: ["a"], version: "1.2.0" });
    expect(r.card.versionLine).toBe(5);
  });

  it.each([
    { yaml: "version: 1.2.0", version: "1.2.0" },
    { yaml: "version: 1.2", version: "1.2" },
    { yaml: "version: 1.10", version: "1.10" },
    { yaml: "version: 3", version: "3" },
    { yaml: 'version: "2.0.0-rc.1"', version: "2.0.0-rc.1" },
    { yaml: "version:", version: null },
  ])("version $yaml → $version", ({ yaml, version }) => {
    const r = card("m/c/MODEL_CARD.md", md(yaml));
    expect(r.card.version).toBe(version);
    expect(r.codes).toEqual([]);
  });

  it("reports a version that is not a scalar", () => {
    const r = card("m/c/MODEL_CARD.md", md("license: mit", "version: {major: 1}"));
    expect(r.card.version).toBeNull();
    expect(r.codes).toEqual(["parse.schema"]);
    expect(r.lines).toEqual([3]);
  });
});

describe("parseModelCard: owners", () => {
  it.each([
    { name: "list of logins", yaml: ["owners: [alice, '@acme/ml']"], owners: ["alice", "@acme/ml"] },
    { name: "single string", yaml: ["owners: alice"], owners: ["alice"] },
    {
      name: "objects with contact",
      yaml: ["owners:", "  - name: Alice", "    contact: alice@example.com", "  - bob"],
      owners: ["Alice <alice@example.com>", "bob"],
    },
    { name: "absent", yaml: ["license: mit"], owners: [] },
  ])("$name", ({ yaml, owners }) => {
    const r = card("m/c/MODEL_CARD.md", md(...yaml));
    expect(r.card.owners.map((o) => (o.contact ? `${o.name} <${o.contact}>` : o.name))).toEqual(owners);
    expect(r.codes).toEqual([]);
  });

  it.each([
    { name: "a number", yaml: ["owners: 42"], owners: [], lines: [2] },
    {
      name: "an item without name",
      yaml: ["owners:", "  - contact: x@y", "  - carol"],
      owners: ["carol"],
      lines: [3],
    },
    {
      name: "a nested list item",
      yaml: ["owners:", "  - alice", "  - [bob]"],
      owners: ["alice"],
      lines: [4],
    },
  ])("reports $name and keeps the valid owners", ({ yaml, owners, lines }) => {
    const r = card("m/c/MODEL_CARD.md", md(...yaml));
    expect(r.card.owners.map((o) => o.name)).toEqual(owners);
    expect(r.codes).toEqual(lines.map(() => "parse.schema"));
    expect(r.lines).toEqual(lines);
  });
});

describe("parseModelCard: experiment", () => {
  it.each([
    { ref: "experiment.yml", path: "models/fraud/experiment.yml" },
    { ref: "./runs/exp.yml", path: "models/fraud/runs/exp.yml" },
    { ref: "/experiments/fraud.yml", path: "experiments/fraud.yml" },
  ])("resolves $ref", ({ ref, path }) => {
    const r = card("models/fraud/MODEL_CARD.md", md("license: mit", `experiment: ${ref}`));
    expect(r.card.experiment).toBe(path);
    expect(r.card.experimentLine).toBe(3);
  });

  it.each(["../other/experiment.yml", "'runs\\exp.yml'", "[a]"])(
    "refuses %s with a finding naming experiment",
    (ref) => {
      const r = parseModelCard("models/fraud/MODEL_CARD.md", md("license: mit", `experiment: ${ref}`));
      expect(r.value?.experiment).toBeNull();
      expect(r.findings.map((f) => [f.code, f.line, f.model])).toEqual([["parse.schema", 3, "fraud"]]);
      expect(r.findings[0]?.message).toMatch(/^experiment: /);
    },
  );
});

describe("parseModelCard: front matter", () => {
  it("points a YAML syntax error at its file line", () => {
    const text = ["---", "license: mit", "tags: [a, b", "---", "# Body"].join("\n");
    const r = card("models/x/MODEL_CARD.md", text);
    expect(r.codes[0]).toBe("parse.yaml");
    expect(r.lines[0]).toBeGreaterThanOrEqual(3);
    expect(r.card.name).toBe("x");
    expect(r.card.sections.map((s) => [s.title, s.line])).toEqual([["Body", 5]]);
  });

  it("reports template placeholders and still identifies the model from its folder", () => {
    const text = ["---", "{{ card_data }}", "---", "# Model Card"].join("\n");
    const r = card("models/tmpl/README.md", text);
    expect(r.card.name).toBe("tmpl");
    expect(r.card.fields).toEqual({});
    expect(r.card.sections.map((s) => s.title)).toEqual(["Model Card"]);
  });

  it("reports a merge conflict with its line", () => {
    const text = [
      "---",
      "<<<<<<< HEAD",
      "version: 1.0.0",
      "=======",
      "version: 1.1.0",
      ">>>>>>> main",
      "---",
    ].join("\n");
    const r = card("models/c/MODEL_CARD.md", text);
    expect(r.codes).toContain("parse.yaml");
    expect(r.lines[0]).toBe(2);
    expect(r.card.name).toBe("c");
  });

  it("reports an unclosed front matter on line 1", () => {
    const r = card("models/u/MODEL_CARD.md", "---\nlicense: mit\n# Title\n");
    expect(r.codes).toEqual(["parse.yaml"]);
    expect(r.lines).toEqual([1]);
  });

  it("reports a front matter that is not a mapping", () => {
    const r = card("models/l/MODEL_CARD.md", md("- a", "- b"));
    expect(r.codes).toEqual(["parse.schema"]);
    expect(r.lines).toEqual([2]);
  });

  it("reads CRLF files and a BOM", () => {
    const text = "\uFEFF---\r\nname: crlf\r\nversion: 1.0.0\r\n---\r\n# Uses\r\ntext\r\n";
    const r = card("m/c/MODEL_CARD.md", text);
    expect(r.card.name).toBe("crlf");
    expect(r.card.versionLine).toBe(3);
    expect(r.card.sections.map((s) => [s.title, s.line, s.text])).toEqual([["Uses", 5, "text"]]);
  });

  it("refuses a file over 1 MiB but still names the model", () => {
    const r = card("models/big/MODEL_CARD.md", `---\nname: big\n---\n${"x".repeat(1024 * 1024)}`);
    expect(r.codes).toEqual(["parse.too-large"]);
    expect(r.lines).toEqual([1]);
    expect(r.card.name).toBe("big");
  });
});

describe("parseModelCard: pure YAML card", () => {
  it("reads the same keys and takes sections from body:", () => {
    const text = [
      "name: churn",
      "version: 2.0.0",
      "owners: [alice]",
      "body: |",
      "  # Intended use",
      "  Scoring churn.",
      "  ## Limitations",
      "  Only EU.",
    ].join("\n");
    const r = card("models/churn/model-card.yml", text);
    expect(r.codes).toEqual([]);
    expect(r.card.version).toBe("2.0.0");
    expect(r.card.versionLine).toBe(2);
    expect(r.card.sections.map((s) => [s.title, s.level, s.line, s.text])).toEqual([
      ["Intended use", 1, 5, "Scoring churn.\nOnly EU."],
      ["Limitations", 2, 7, "Only EU."],
    ]);
  });

  it("reports a body that is not a string", () => {
    const r = card("models/churn/model-card.yaml", "name: churn\nbody: [a]\n");
    expect(r.codes).toEqual(["parse.schema"]);
    expect(r.lines).toEqual([2]);
    expect(r.card.sections).toEqual([]);
  });
});

describe("parseModelCard: conflict markers and placeholders", () => {
  it.each([
    { name: "a lone <<<<<<< in prose", body: "# A\n<<<<<<< not a conflict\n", codes: [] },
    {
      name: "a conflict in the body",
      body: "# A\n<<<<<<< HEAD\nx\n=======\ny\n>>>>>>> b\n",
      codes: ["parse.yaml"],
    },
  ])("$name", ({ body, codes }) => {
    const r = parseModelCard("m/c/MODEL_CARD.md", `---\nname: c\n---\n${body}`);
    expect(r.findings.map((f) => f.code)).toEqual(codes);
    // A conflict below the front matter leaves its keys readable.
    expect(r.value?.name).toBe("c");
  });

  it.each([
    { yaml: "license: {{ license }}", line: 2 },
    { yaml: "tags:\n- {{ tag }}", line: 3 },
  ])("reports the placeholder in $yaml on line $line and keeps no keys", ({ yaml, line }) => {
    const r = parseModelCard("m/c/MODEL_CARD.md", `---\n${yaml}\n---\n`);
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([["parse.yaml", line]]);
    expect(r.value?.fields).toEqual({});
  });

  it("keeps a quoted {{ }} as text", () => {
    const r = parseModelCard("m/c/MODEL_CARD.md", '---\nwidget: "{{ not a placeholder }}"\n---\n');
    expect(r.findings).toEqual([]);
    expect(r.value?.fields).toEqual({ widget: "{{ not a placeholder }}" });
  });
});
