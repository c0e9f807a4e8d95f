import { stringify } from "yaml";
import { isRecord } from "../core/parse/is-record.ts";
import { POLICY_SCHEMA_URL, policyJsonSchema } from "../core/policy/policy-json-schema.ts";
import { Policy } from "../core/policy/schema.ts";

interface SchemaNode {
  description?: string;
  properties?: Record<string, SchemaNode>;
}

const WIDTH = 98;

/**
 * The `.github/modelgate.yml` that `modelgate init` writes: every key with its default value and
 * its description as a comment. Generated from the policy schema itself (its defaults and its
 * descriptions, in its order), so a new key or a changed default appears here without anyone
 * editing a template.
 */
export function starterPolicy(): string {
  const schema = policyJsonSchema() as SchemaNode;
  const defaults: unknown = Policy.parse({});
  const out = [
    `# yaml-language-server: $schema=${POLICY_SCHEMA_URL}`,
    "#",
    "# modelgate policy, written by `modelgate init`. Every key below holds modelgate's default;",
    "# change what your team needs and delete the rest (a key that is not written keeps the default).",
    "# The policy of the default branch governs a pull request; `modelgate policy validate` checks",
    "# this file. Per-model overrides go under `models:` (see the schema for their shape).",
    "",
    ...section(schema, defaults, 0),
  ];
  return `${out.join("\n")}\n`;
}

function section(node: SchemaNode, value: unknown, depth: number): string[] {
  if (!isRecord(value)) return [];
  const indent = "  ".repeat(depth);
  const out: string[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    // A key without a default (`_extends`) has nothing to show.
    if (!Object.hasOwn(value, key)) continue;
    const v = value[key];
    if (depth === 0 && out.length > 0) out.push("");
    out.push(...comment(child.description, indent));
    if (child.properties && isRecord(v)) {
      out.push(`${indent}${key}:`, ...section(child, v, depth + 1));
      continue;
    }
    out.push(...leaf(key, v).map((l) => indent + l));
  }
  return out;
}

/** `key: value`; lists of scalars and `{}` on one line, anything else as block YAML. */
function leaf(key: string, value: unknown): string[] {
  const scalars = Array.isArray(value) && value.every((x) => x === null || typeof x !== "object");
  const empty = isRecord(value) && Object.keys(value).length === 0;
  if (scalars || empty || !(typeof value === "object" && value !== null)) {
    const text = stringify(value, { collectionStyle: "flow", flowCollectionPadding: false, lineWidth: 0 });
    return [`${key}: ${text.trimEnd()}`];
  }
  return stringify({ [key]: value }, { collectionStyle: "block", lineWidth: 0 })
    .trimEnd()
    .split("\n");
}

function comment(text: string | undefined, indent: string): string[] {
  if (!text) return [];
  const width = Math.max(40, WIDTH - indent.length - 2);
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => `${indent}# ${l}`);
}
