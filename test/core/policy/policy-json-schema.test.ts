import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { POLICY_SCHEMA_URL, policyJsonSchema } from "../../../src/core/policy/policy-json-schema.ts";

const committedPath = new URL("../../../schema/modelgate.schema.json", import.meta.url);

interface JsonSchemaNode {
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: JsonSchemaNode | boolean;
  items?: JsonSchemaNode;
}

/** Every named property, with its path, so that a key added without `.describe()` is caught. */
function propertyPaths(node: JsonSchemaNode, path: string): Array<[string, JsonSchemaNode]> {
  const out: Array<[string, JsonSchemaNode]> = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    out.push([`${path}${key}`, child], ...propertyPaths(child, `${path}${key}.`));
  }
  if (node.items) out.push(...propertyPaths(node.items, `${path}[].`));
  if (typeof node.additionalProperties === "object")
    out.push(...propertyPaths(node.additionalProperties, `${path}*.`));
  return out;
}

describe("policyJsonSchema", () => {
  it("is committed and up to date", () => {
    const committed = readFileSync(committedPath, "utf8");
    const fresh = `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
    expect(
      committed === fresh,
      "schema/modelgate.schema.json is stale: run `npm run schema` and commit it",
    ).toBe(true);
  });

  it("identifies itself and allows _extends", () => {
    const schema = policyJsonSchema();
    expect(schema).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      $id: POLICY_SCHEMA_URL,
      title: "modelgate policy",
      type: "object",
      additionalProperties: false,
    });
    expect(Object.keys(schema.properties as object)).toEqual([
      "_extends",
      "version",
      "paths",
      "checks",
      "gates",
      "models",
      "rollout",
      "commands",
      "overrides",
    ]);
  });

  it("describes every key, for editor hovers", () => {
    const undocumented = propertyPaths(policyJsonSchema() as JsonSchemaNode, "")
      .filter(([, node]) => !node.description)
      .map(([path]) => path);
    expect(undocumented).toEqual([]);
  });

  it("marks defaulted keys optional and shows their defaults", () => {
    const schema = policyJsonSchema() as {
      required?: string[];
      properties: Record<string, { default?: unknown }>;
    };
    expect(schema.required ?? []).toEqual([]);
    expect(schema.properties.version?.default).toBe(1);
  });
});
