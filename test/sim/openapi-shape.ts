import { createRequire } from "node:module";

// GitHub's published REST description; `$ref`s point into its `components`.
const spec = createRequire(import.meta.url)("@octokit/openapi/generated/api.github.com.json") as {
  paths: Record<string, Record<string, { responses: Record<string, ResponseSpec> }>>;
  components: Record<string, Record<string, unknown>>;
};

interface ResponseSpec {
  $ref?: string;
  content?: Record<string, { schema: Schema }>;
}

/** `#/components/schemas/x` → the object it names. */
function deref<T extends { $ref?: string }>(value: T): T {
  if (value.$ref === undefined) return value;
  const [, , group, name] = value.$ref.split("/");
  const target = spec.components[group ?? ""]?.[name ?? ""];
  if (target === undefined) throw new Error(`unresolved ${value.$ref}`);
  return deref(target as T);
}

interface Schema {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
}

/** The JSON schema GitHub documents for one operation's answer. */
export function responseSchema(method: string, path: string, status: number): Schema {
  const response = spec.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
  const schema = response === undefined ? undefined : deref(response).content?.["application/json"]?.schema;
  if (schema === undefined) throw new Error(`no schema for ${method} ${path} ${status}`);
  return schema;
}

/**
 * Where `value` departs from `schema`: required properties, types, nullability, enums, items.
 * Enough of JSON Schema for GitHub's response descriptions; an empty list means it conforms.
 */
export function shapeErrors(value: unknown, described: Schema, at = "$"): string[] {
  const schema = deref(described);
  if (value === null) return schema.nullable || schema.type === "null" ? [] : [`${at}: null`];
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives)
    return alternatives.some((s) => shapeErrors(value, s, at).length === 0)
      ? []
      : [`${at}: no alternative fits`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${String(value)} not in enum`];
  switch (schema.type) {
    case "object": {
      if (typeof value !== "object" || Array.isArray(value)) return [`${at}: not an object`];
      const record = value as Record<string, unknown>;
      const missing = (schema.required ?? []).filter((k) => !(k in record)).map((k) => `${at}.${k}: missing`);
      const nested = Object.entries(schema.properties ?? {}).flatMap(([k, s]) =>
        k in record ? shapeErrors(record[k], s, `${at}.${k}`) : [],
      );
      return [...missing, ...nested];
    }
    case "array":
      if (!Array.isArray(value)) return [`${at}: not an array`];
      return value.flatMap((item, i) => (schema.items ? shapeErrors(item, schema.items, `${at}[${i}]`) : []));
    case "integer":
      return Number.isInteger(value) ? [] : [`${at}: not an integer`];
    case "number":
      return typeof value === "number" ? [] : [`${at}: not a number`];
    case "string":
      return typeof value === "string" ? [] : [`${at}: not a string`];
    case "boolean":
      return typeof value === "boolean" ? [] : [`${at}: not a boolean`];
    default:
      return [];
  }
}
