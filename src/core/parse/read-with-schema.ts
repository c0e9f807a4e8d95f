import type { z } from "zod";
import { describeValue } from "./describe-value.ts";
import { isRecord } from "./is-record.ts";
import type { IssueSink } from "./issue-sink.ts";
import type { KeyPath } from "./key-path.ts";

/**
 * Checks `value` against a (loose) zod schema. Each issue becomes a `parse.schema` finding at its
 * key path and line; the offending fields are then dropped and the rest is parsed again, so one
 * wrong-typed field is treated as absent instead of losing the whole object.
 * Returns null when even the pruned value does not fit (a missing required key, a wrong shape).
 */
export function readWithSchema<S extends z.ZodType>(
  schema: S,
  value: unknown,
  path: KeyPath,
  sink: IssueSink,
): z.output<S> | null {
  const first = schema.safeParse(value);
  if (first.success) return first.data;
  for (const issue of first.error.issues) {
    const where = issue.path.filter((k) => typeof k !== "symbol");
    sink.schema([...path, ...where], plainMessage(issue, valueAt(value, where)));
  }
  if (!isRecord(value)) return null;
  const pruned = structuredClone(value);
  for (const issue of first.error.issues) dropField(pruned, issue.path);
  const second = schema.safeParse(pruned);
  return second.success ? second.data : null;
}

const TYPE_WORDS: Partial<Record<string, string>> = {
  object: "a mapping",
  record: "a mapping",
  array: "a list",
  tuple: "a list",
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
};

/** Zod's "Invalid input: expected string, received number" rewritten as a plain sentence. */
function plainMessage(issue: z.core.$ZodIssue, actual: unknown): string {
  if (issue.code === "invalid_type") {
    if (actual === undefined) return "is required";
    return `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}, got ${describeValue(actual)}`;
  }
  if (issue.code === "invalid_union") return `${issue.message}, got ${describeValue(actual)}`;
  return issue.message.replace(/^Invalid input: /, "");
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node = root;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === "number") node = node[key];
    else if (isRecord(node) && typeof key === "string") node = node[key];
    else return undefined;
  }
  return node;
}

/**
 * Deletes the field an issue points at. Descends through mappings only: an issue inside a list
 * (`ci[0]`) drops the whole list field (`ci`), since a list with a hole has no meaning.
 */
function dropField(root: Record<string, unknown>, path: ReadonlyArray<PropertyKey>): void {
  let parent: Record<string, unknown> = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (typeof key !== "string") return;
    const child = parent[key];
    const next = path[i + 1];
    if (i === path.length - 1 || typeof next !== "string" || !isRecord(child)) {
      delete parent[key];
      return;
    }
    parent = child;
  }
}
