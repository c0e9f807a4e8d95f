import { LIMITS } from "../core/parse/safe-yaml.ts";
import type { FileContent, ReadRequest, Side } from "../core/types.ts";
import { fileKey } from "../core/types.ts";

/**
 * One GraphQL query that reads many files and folders at two commits, by aliases. Paths are
 * untrusted, so they travel as variables, never spliced into the query text.
 */
export interface BatchQuery {
  query: string;
  variables: Record<string, unknown>;
  /** Turns the `repository` object of the response into files and folder listings. */
  decode(repository: Record<string, unknown>): {
    files: Map<string, FileContent>;
    dirs: Map<string, string[]>;
  };
}

export function buildBatchQuery(
  req: ReadRequest,
  shas: Record<Side, string>,
  extra: { fields: string; variables: string; values: Record<string, unknown> } | null,
): BatchQuery {
  const decls = ["$owner: String!", "$name: String!"];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  req.files.forEach((f, i) => {
    decls.push(`$f${i}: String!`);
    variables[`f${i}`] = `${shas[f.side]}:${f.path}`;
    fields.push(`f${i}: object(expression: $f${i}) { ... on Blob { byteSize isBinary text } }`);
  });
  req.dirs.forEach((d, i) => {
    decls.push(`$d${i}: String!`);
    variables[`d${i}`] = `${shas[d.side]}:${d.path}`;
    const blob = d.contents ? " object { ... on Blob { byteSize isBinary text } }" : "";
    fields.push(`d${i}: object(expression: $d${i}) { ... on Tree { entries { name type${blob} } } }`);
  });
  if (extra) {
    decls.push(extra.variables);
    fields.push(extra.fields);
    Object.assign(variables, extra.values);
  }
  const query = `query modelgateRead(${decls.join(", ")}) {\n  repository(owner: $owner, name: $name) {\n    ${fields.join("\n    ")}\n  }\n}`;
  return {
    query,
    variables,
    decode(repository) {
      const files = new Map<string, FileContent>();
      const dirs = new Map<string, string[]>();
      for (const [i, f] of req.files.entries())
        files.set(fileKey(f.side, f.path), decodeBlob(repository[`f${i}`]));
      for (const [i, d] of req.dirs.entries()) {
        const node = repository[`d${i}`];
        dirs.set(fileKey(d.side, d.path), decodeTree(node, d.path));
        if (d.contents)
          for (const [path, content] of decodeTreeContents(node, d.path))
            files.set(fileKey(d.side, path), content);
      }
      return { files, dirs };
    },
  };
}

function decodeBlob(node: unknown): FileContent {
  if (!node || typeof node !== "object") return { kind: "missing" };
  const blob = node as { byteSize?: number; isBinary?: boolean | null; text?: string | null };
  if (typeof blob.byteSize !== "number") return { kind: "missing" }; // a tree or a submodule, not a file
  if (blob.byteSize > LIMITS.maxFileBytes || blob.isBinary || typeof blob.text !== "string") {
    return { kind: "too-large", bytes: blob.byteSize };
  }
  return { kind: "text", text: blob.text };
}

function decodeTree(node: unknown, dir: string): string[] {
  const entries = (node as { entries?: Array<{ name: string; type: string }> } | null)?.entries;
  if (!Array.isArray(entries)) return [];
  return entries
    .filter((e) => e.type === "blob")
    .map((e) => (dir ? `${dir}/${e.name}` : e.name))
    .sort();
}

/** The files of a folder listed with their contents; sub-folders and submodules are left out. */
function decodeTreeContents(node: unknown, dir: string): Array<[string, FileContent]> {
  const entries = (node as { entries?: Array<{ name: string; type: string; object?: unknown }> } | null)
    ?.entries;
  if (!Array.isArray(entries)) return [];
  return entries
    .filter((e) => e.type === "blob" && e.object)
    .map((e) => [dir ? `${dir}/${e.name}` : e.name, decodeBlob(e.object)]);
}
