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
  /**
   * Turns the `repository` object of the response into files and folder listings. `unread`: the
   * text files GraphQL gave no text for (over 512 KB, `isTruncated`): read them another way.
   */
  decode(repository: Record<string, unknown>): {
    files: Map<string, FileContent>;
    dirs: Map<string, string[]>;
    unread: Array<{ side: Side; path: string }>;
    folders: Map<string, string[]>;
    tags: string[];
  };
}

const BLOB = "... on Blob { byteSize isBinary isTruncated text }";

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
    fields.push(`f${i}: object(expression: $f${i}) { ${BLOB} }`);
  });
  req.dirs.forEach((d, i) => {
    decls.push(`$d${i}: String!`);
    variables[`d${i}`] = `${shas[d.side]}:${d.path}`;
    const blob = d.contents ? ` object { ${BLOB} }` : "";
    fields.push(`d${i}: object(expression: $d${i}) { ... on Tree { entries { name type${blob} } } }`);
  });
  // Tags by name prefix (GTO's `NAME@`), in the same query: a registry of versions costs no request.
  (req.tags ?? []).forEach((prefix, i) => {
    decls.push(`$t${i}: String!`);
    variables[`t${i}`] = prefix;
    fields.push(`t${i}: refs(refPrefix: "refs/tags/", query: $t${i}, first: 100) { nodes { name } }`);
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
      const unread: Array<{ side: Side; path: string }> = [];
      const put = (side: Side, path: string, content: FileContent | "unread") => {
        if (content === "unread") unread.push({ side, path });
        else files.set(fileKey(side, path), content);
      };
      const folders = new Map<string, string[]>();
      const tags: string[] = [];
      for (const [i, prefix] of (req.tags ?? []).entries()) {
        const nodes = (repository[`t${i}`] as { nodes?: Array<{ name?: unknown } | null> } | null)?.nodes;
        for (const n of nodes ?? [])
          if (typeof n?.name === "string" && n.name.startsWith(prefix)) tags.push(n.name);
      }
      for (const [i, f] of req.files.entries()) put(f.side, f.path, decodeBlob(repository[`f${i}`]));
      for (const [i, d] of req.dirs.entries()) {
        const node = repository[`d${i}`];
        dirs.set(fileKey(d.side, d.path), decodeTree(node, d.path));
        if (d.folders) folders.set(fileKey(d.side, d.path), decodeTree(node, d.path, "tree"));
        if (d.contents)
          for (const [path, content] of decodeTreeContents(node, d.path)) put(d.side, path, content);
      }
      // A file asked for by name and also listed with its folder is read once.
      const seen = new Set<string>();
      return {
        files,
        dirs,
        folders,
        tags,
        unread: unread.filter((u) => {
          const key = fileKey(u.side, u.path);
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        }),
      };
    },
  };
}

/**
 * A Blob as GitHub's GraphQL gives it. Text over 512 KB comes back null or `isTruncated`: such a
 * file (still under 1 MiB) is "unread", to be read whole another way; a binary one is binary,
 * never "too large" (SPEC §1.3).
 */
function decodeBlob(node: unknown): FileContent | "unread" {
  if (!node || typeof node !== "object") return { kind: "missing" };
  const blob = node as {
    byteSize?: number;
    isBinary?: boolean | null;
    isTruncated?: boolean;
    text?: string | null;
  };
  if (typeof blob.byteSize !== "number") return { kind: "missing" }; // a tree or a submodule, not a file
  if (blob.byteSize > LIMITS.maxFileBytes) return { kind: "too-large", bytes: blob.byteSize };
  if (blob.isBinary) return { kind: "binary", bytes: blob.byteSize };
  if (blob.isTruncated || typeof blob.text !== "string") return "unread";
  return { kind: "text", text: blob.text };
}

function decodeTree(node: unknown, dir: string, type: "blob" | "tree" = "blob"): string[] {
  const entries = (node as { entries?: Array<{ name: string; type: string }> } | null)?.entries;
  if (!Array.isArray(entries)) return [];
  return entries
    .filter((e) => e.type === type)
    .map((e) => (dir ? `${dir}/${e.name}` : e.name))
    .sort();
}

/** The files of a folder listed with their contents; sub-folders and submodules are left out. */
function decodeTreeContents(node: unknown, dir: string): Array<[string, FileContent | "unread"]> {
  const entries = (node as { entries?: Array<{ name: string; type: string; object?: unknown }> } | null)
    ?.entries;
  if (!Array.isArray(entries)) return [];
  return entries
    .filter((e) => e.type === "blob" && e.object)
    .map((e) => [dir ? `${dir}/${e.name}` : e.name, decodeBlob(e.object)]);
}
