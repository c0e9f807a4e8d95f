import { z } from "zod";
import { Policy } from "./schema.ts";

/**
 * The keys the policy schema allows in the mapping at `path` (list indexes and `models:` globs
 * pass through), or null when `path` does not lead to a mapping. Read from the schema itself,
 * so typo suggestions can never drift from what the schema accepts.
 */
export function policyKeysAt(path: ReadonlyArray<PropertyKey>): string[] | null {
  const node = schemaAt(Policy, path);
  return node instanceof z.ZodObject ? Object.keys(node.shape) : null;
}

function schemaAt(root: z.ZodType, path: ReadonlyArray<PropertyKey>): z.ZodType | null {
  let node: z.ZodType | null = unwrap(root);
  for (const key of path) {
    if (node instanceof z.ZodObject) node = unwrap(node.shape[String(key)] ?? null);
    else if (node instanceof z.ZodArray) node = unwrap(node.element);
    else if (node instanceof z.ZodRecord) node = unwrap(node.valueType);
    else return null;
  }
  return node;
}

/** Looks through optional, nullable and defaulted wrappers to the schema that has the shape. */
function unwrap(schema: unknown): z.ZodType | null {
  let node = schema;
  while (
    node instanceof z.ZodOptional ||
    node instanceof z.ZodNullable ||
    node instanceof z.ZodDefault ||
    node instanceof z.ZodPrefault
  ) {
    node = node.unwrap();
  }
  return node instanceof z.ZodType ? node : null;
}
