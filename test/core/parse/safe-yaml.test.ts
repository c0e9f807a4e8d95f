import { describe, expect, it } from "vitest";
import { parseYamlSafe } from "../../../src/core/parse/safe-yaml.ts";

describe("parseYamlSafe", () => {
  it.each([
    { name: "syntax error", text: "a: [1, 2\nb: 3\n", code: "parse.yaml" },
    { name: "custom tag", text: "a: !!python/object foo\n", code: "parse.unsafe" },
    // YAML 1.1 tags the yaml package resolves even with the core schema: Buffer, Date, Set, Map.
    { name: "!!binary", text: "a: 1\nb: !!binary aGVsbG8=\n", code: "parse.unsafe" },
    { name: "!!timestamp", text: "a:\n  b: !!timestamp 2026-01-01\n", code: "parse.unsafe" },
    { name: "!!set", text: "a: !!set { x, y }\n", code: "parse.unsafe" },
    { name: "!!omap", text: "a: !!omap [ x: 1 ]\n", code: "parse.unsafe" },
    { name: "a tagged key", text: "!!timestamp 2026-01-01: 1\n", code: "parse.unsafe" },
    { name: "deep flow nesting", text: `a: ${"[".repeat(100)}${"]".repeat(100)}\n`, code: "parse.unsafe" },
    { name: "too large", text: `a: "${"x".repeat(1024 * 1024)}"\n`, code: "parse.too-large" },
  ])("refuses $name with $code", ({ text, code }) => {
    const r = parseYamlSafe({ file: "x.yml", text });
    expect(r.value).toBeNull();
    expect(r.findings.map((f) => f.code)).toContain(code);
    expect(r.findings.every((f) => typeof f.line === "number" && f.line >= 1)).toBe(true);
  });

  it("reports a repeated key on the line of its second occurrence", () => {
    const r = parseYamlSafe({ file: "d.yml", text: "a: 1\nb:\n  c: 1\n  c: 2\n" });
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([["parse.yaml", 4]]);
  });

  it("refuses a collection as a key (an unrendered template) with its line, without a process warning", () => {
    const r = parseYamlSafe({ file: "t.yml", text: "a: 1\nlicense: {{ license }}\n" });
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([["parse.yaml", 2]]);
  });

  it("refuses an alias bomb", () => {
    const lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(",")}]`,
      );
    const r = parseYamlSafe({ file: "bomb.yml", text: lines.join("\n"), lineOffset: 1 });
    expect(r.findings.map((f) => [f.code, f.line])).toEqual([["parse.unsafe", 3]]);
  });

  it("maps a path to the line of its key, with the front-matter offset", () => {
    const r = parseYamlSafe({ file: "c.md", text: "a: 1\nb:\n  c: [x, y]\n  d: 2\n", lineOffset: 1 });
    expect(r.findings).toEqual([]);
    expect(r.lineOf(["b", "d"])).toBe(5);
    expect(r.lineOf(["b", "c", 1])).toBe(4);
    expect(r.lineOf(["b", "zzz"])).toBe(3);
  });
});
