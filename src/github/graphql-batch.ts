import { LIMITS } from "../core/parse/safe-yaml.ts";
import type { FileContent, ReadRequest, Side } from "../core/types.ts";
import { fileKey } from "../core/types.ts";

/** SPEC §6: at most this many aliases in one GraphQL query; a bigger read is split. */
export const MAX_ALIASES = 50;

/**
 * Queries that read many files and folders at two commits, by aliases, each with at most
 * MAX_ALIASES of them. Paths are untrusted, so they travel as variables, never spliced into the
 * query text.
 */
export interface BatchQuery {
  query: string;
  variables: Record<string, unknown>;
  /** How many aliases the query holds (never more than MAX_ALIASES). */
  aliases: number;
  /**
   * Turns the `repository` object of the response into files and folder listings. `unread`: the
   * text files GraphQL gave no text for (over 512 KB, `isTruncated`): read them another way.
   */
  decode(repository: Record<string, unknown>): BatchResult;
}

export interface BatchResult {
  files: Map<string, FileContent>;
  dirs: Map<string, string[]>;
  unread: Array<{ side: Side; path: string }>;
  folders: Map<string, string[]>;
  tags: string[];
}

export const BLOB_FIELDS = "byteSize isBinary isTruncated text";
const BLOB = `... on Blob { ${BLOB_FIELDS} }`;

/** One alias: a file, a folder (its entries, perhaps with their texts), or a tag prefix. */
type Read =
  | { kind: "file"; side: Side; path: string }
  | { kind: "dir"; side: Side; path: string; contents: boolean; folders: boolean }
  | { kind: "tags"; prefix: string };

/**
 * The reads of `req` as queries of at most MAX_ALIASES aliases. When one query is not enough,
 * files asked for in the same folder share one alias (the folder's entries with their texts),
 * so that 50 models, each a card and a manifest at base and head, fit in three queries.
 */
export function buildBatchQueries(req: ReadRequest, shas: Record<Side, string>): BatchQuery[] {
  let reads = planReads(req, false);
  if (reads.length > MAX_ALIASES) reads = planReads(req, true);
  const queries: BatchQuery[] = [];
  for (let i = 0; i < reads.length; i += MAX_ALIASES)
    queries.push(buildQuery(reads.slice(i, i + MAX_ALIASES), shas));
  return queries;
}

function planReads(req: ReadRequest, byFolder: boolean): Read[] {
  const dirs = new Map<string, Extract<Read, { kind: "dir" }>>();
  for (const d of req.dirs) {
    const key = fileKey(d.side, d.path);
    const known = dirs.get(key);
    if (known) {
      known.contents ||= d.contents === true;
      known.folders ||= d.folders === true;
    } else
      dirs.set(key, {
        kind: "dir",
        side: d.side,
        path: d.path,
        contents: d.contents === true,
        folders: d.folders === true,
      });
  }
  const files = new Map<string, { side: Side; path: string }>();
  for (const f of req.files) files.set(fileKey(f.side, f.path), f);
  // A file in a folder listed with its contents comes with it: no alias of its own.
  const loose = [...files.values()].filter((f) => !dirs.get(fileKey(f.side, parentOf(f.path)))?.contents);
  const out: Read[] = [];
  if (byFolder) {
    const groups = new Map<string, Array<{ side: Side; path: string }>>();
    for (const f of loose) {
      const key = fileKey(f.side, parentOf(f.path));
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    for (const [key, group] of groups) {
      const first = group[0];
      if (!first) continue;
      if (group.length === 1) {
        out.push({ kind: "file", ...first });
        continue;
      }
      const dir = dirs.get(key);
      if (dir) dir.contents = true;
      else
        dirs.set(key, {
          kind: "dir",
          side: first.side,
          path: parentOf(first.path),
          contents: true,
          folders: false,
        });
    }
  } else for (const f of loose) out.push({ kind: "file", ...f });
  out.push(...dirs.values());
  for (const prefix of req.tags ?? []) out.push({ kind: "tags", prefix });
  return out;
}

function buildQuery(reads: Read[], shas: Record<Side, string>): BatchQuery {
  const decls = ["$owner: String!", "$name: String!"];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  reads.forEach((r, i) => {
    decls.push(`$a${i}: String!`);
    if (r.kind === "tags") {
      variables[`a${i}`] = r.prefix;
      // Tags by name prefix (GTO's `NAME@`): a registry of versions costs no request.
      fields.push(`a${i}: refs(refPrefix: "refs/tags/", query: $a${i}, first: 100) { nodes { name } }`);
      return;
    }
    variables[`a${i}`] = `${shas[r.side]}:${r.path}`;
    if (r.kind === "file") fields.push(`a${i}: object(expression: $a${i}) { ${BLOB} }`);
    else {
      const blob = r.contents ? ` object { ${BLOB} }` : "";
      fields.push(`a${i}: object(expression: $a${i}) { ... on Tree { entries { name type${blob} } } }`);
    }
  });
  const query = `query modelgateRead(${decls.join(", ")}) {\n  repository(owner: $owner, name: $name) {\n    ${fields.join("\n    ")}\n  }\n}`;
  return { query, variables, aliases: reads.length, decode: (repository) => decodeReads(reads, repository) };
}

function decodeReads(reads: Read[], repository: Record<string, unknown>): BatchResult {
  const files = new Map<string, FileContent>();
  const dirs = new Map<string, string[]>();
  const folders = new Map<string, string[]>();
  const tags: string[] = [];
  const unread = new Map<string, { side: Side; path: string }>();
  const put = (side: Side, path: string, content: FileContent | "unread") => {
    if (content === "unread") unread.set(fileKey(side, path), { side, path });
    else files.set(fileKey(side, path), content);
  };
  for (const [i, r] of reads.entries()) {
    const node = repository[`a${i}`];
    if (r.kind === "tags") {
      const nodes = (node as { nodes?: Array<{ name?: unknown } | null> } | null)?.nodes;
      for (const n of nodes ?? [])
        if (typeof n?.name === "string" && n.name.startsWith(r.prefix)) tags.push(n.name);
      continue;
    }
    if (r.kind === "file") {
      put(r.side, r.path, decodeBlob(node));
      continue;
    }
    dirs.set(fileKey(r.side, r.path), decodeTree(node, r.path));
    if (r.folders) folders.set(fileKey(r.side, r.path), decodeTree(node, r.path, "tree"));
    if (r.contents)
      for (const [path, content] of decodeTreeContents(node, r.path)) put(r.side, path, content);
  }
  return { files, dirs, folders, tags, unread: [...unread.values()] };
}

export const parentOf = (p: string): string => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "");

/**
 * A Blob as GitHub's GraphQL gives it. Text over 512 KB comes back null or `isTruncated`: such a
 * file (still under 1 MiB) is "unread", to be read whole another way; a binary one is binary,
 * never "too large" (SPEC §1.3).
 */
export function decodeBlob(node: unknown): FileContent | "unread" {
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
