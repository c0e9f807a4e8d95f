import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { starterPolicy } from "../../src/cli/starter-policy.ts";
import { loadPolicy } from "../../src/core/policy/load-policy.ts";
import { POLICY_SCHEMA_URL, policyJsonSchema } from "../../src/core/policy/policy-json-schema.ts";
import { Policy } from "../../src/core/policy/schema.ts";

/**
 * The policy `modelgate init` writes is generated from the zod schema: these tests hold it to
 * the schema, so a key added to the schema or a changed default shows up in it or fails here.
 */

const text = starterPolicy();
const defaults = JSON.parse(JSON.stringify(Policy.parse({}))) as Record<string, unknown>;

describe("starterPolicy", () => {
  it("starts with the yaml-language-server schema line", () => {
    expect(text.split("\n")[0]).toBe(`# yaml-language-server: $schema=${POLICY_SCHEMA_URL}`);
  });

  it("validates, and means exactly the defaults", () => {
    const loaded = loadPolicy(".github/modelgate.yml", text);
    expect(loaded.findings).toEqual([]);
    expect(JSON.parse(JSON.stringify(loaded.policy))).toEqual(defaults);
  });

  it("writes every key with its default value (not left to zod to fill in)", () => {
    expect(parse(text)).toEqual(defaults);
  });

  it("puts each key's description from the schema in a comment right above it", () => {
    const lines = text.split("\n");
    const missing: string[] = [];
    const walk = (node: SchemaNode, value: unknown, depth: number, at: number): void => {
      if (typeof value !== "object" || value === null) return;
      const indent = "  ".repeat(depth);
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (!(key in value)) continue;
        const i = lines.findIndex((l, n) => n > at && l.startsWith(`${indent}${key}:`));
        if (i < 0) {
          missing.push(`${key} (no line)`);
          continue;
        }
        const firstWords = (child.description ?? "").split(/\s+/).slice(0, 4).join(" ");
        const above = lines.slice(0, i).reverse();
        const commentBlock = above.slice(
          0,
          above.findIndex((l) => !l.startsWith(`${indent}# `)),
        );
        if (child.description && !commentBlock.reverse().join(" ").includes(firstWords))
          missing.push(`${key} (no description)`);
        if (child.properties) walk(child, (value as Record<string, unknown>)[key], depth + 1, i);
      }
    };
    walk(policyJsonSchema() as SchemaNode, defaults, 0, -1);
    expect(missing).toEqual([]);
  });

  it("keeps comment lines within 100 columns", () => {
    const long = text.split("\n").filter((l) => l.trimStart().startsWith("#") && l.length > 100);
    expect(long.filter((l) => !l.startsWith("# yaml-language-server"))).toEqual([]);
  });
});

interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
}
