import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  type YAMLMap,
} from "yaml";
import type { Finding, FindingGate } from "../types.ts";

/** SPEC §1.3: limits on untrusted input. */
export const LIMITS = {
  maxFileBytes: 1024 * 1024,
  maxPolicyBytes: 64 * 1024,
  maxAliasCount: 100,
  maxDepth: 64,
} as const;

export interface YamlSource {
  /** Repository-relative path, for findings. */
  file: string;
  text: string;
  /** Added to every line number: the front matter of a card starts after `---`. */
  lineOffset?: number;
  /** Byte limit; defaults to `LIMITS.maxFileBytes`. */
  maxBytes?: number;
  /** Gate used for findings (`parse` unless it is the policy). */
  gate?: FindingGate;
  /** Code used for syntax and shape errors; `policy.invalid` for the policy file. */
  code?: string;
  model?: string | null;
}

export interface SafeYaml {
  /** The plain JS value, or null when the file could not be read safely. */
  value: unknown;
  findings: Finding[];
  /** 1-based line of the node at `path` (or of its nearest existing ancestor), or null. */
  lineOf(path: ReadonlyArray<PropertyKey>): number | null;
}

/**
 * Parses untrusted YAML (or JSON, a subset of YAML 1.2) with the core schema, refusing what
 * could hurt us: oversize files, alias bombs, deep nesting, custom tags. Never throws.
 */
export function parseYamlSafe(src: YamlSource): SafeYaml {
  const offset = src.lineOffset ?? 0;
  const maxBytes = src.maxBytes ?? LIMITS.maxFileBytes;
  const finding = (
    code: string,
    line: number | null,
    message: string,
    severity: Finding["severity"] = "error",
  ): Finding => ({
    gate: src.gate ?? "parse",
    code,
    severity,
    model: src.model ?? null,
    file: src.file,
    line,
    message,
  });
  const none: SafeYaml = { value: null, findings: [], lineOf: () => null };

  const bytes = Buffer.byteLength(src.text, "utf8");
  if (bytes > maxBytes) {
    return {
      ...none,
      // Line 1 (of the YAML): the file as a whole is refused, and an annotation needs a line.
      findings: [
        finding("parse.too-large", 1 + offset, `${src.file} is ${bytes} bytes; the limit is ${maxBytes}`),
      ],
    };
  }
  const flowDepth = maxFlowDepth(src.text);
  if (flowDepth.depth > LIMITS.maxDepth) {
    return {
      ...none,
      findings: [
        finding("parse.unsafe", flowDepth.line + offset, `nesting deeper than ${LIMITS.maxDepth} levels`),
      ],
    };
  }

  const lineCounter = new LineCounter();
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(src.text, {
      schema: "core",
      customTags: [],
      lineCounter,
      prettyErrors: false,
      // The parser's own duplicate-key check is quadratic in a mapping's size (minutes for a
      // hostile 1 MiB file); inspectAst finds duplicates with a Set instead.
      uniqueKeys: false,
    });
  } catch (err) {
    // The parser recursed too deep (a nesting our pre-scan did not see): refuse, don't crash.
    const code = err instanceof RangeError ? "parse.unsafe" : (src.code ?? "parse.yaml");
    return { ...none, findings: [finding(code, null, `cannot parse: ${firstLine(String(err))}`)] };
  }
  const lineAt = (pos: number): number => lineCounter.linePos(pos).line + offset;

  if (doc.errors.length > 0) {
    const findings = doc.errors.map((e) =>
      finding(src.code ?? "parse.yaml", lineAt(e.pos[0]), `YAML syntax: ${firstLine(e.message)}`),
    );
    return { ...none, findings };
  }
  for (const w of doc.warnings) {
    if (w.code === "TAG_RESOLVE_FAILED") {
      return {
        ...none,
        findings: [finding("parse.unsafe", lineAt(w.pos[0]), `custom tag refused: ${firstLine(w.message)}`)],
      };
    }
  }
  if (doc.contents) {
    const ast = inspectAst(doc.contents);
    if (ast.depth > LIMITS.maxDepth) {
      return {
        ...none,
        findings: [
          finding(
            "parse.unsafe",
            ast.pos === null ? null : lineAt(ast.pos),
            `nesting deeper than ${LIMITS.maxDepth} levels`,
          ),
        ],
      };
    }
    if (ast.foreignTag) {
      const { tag, pos } = ast.foreignTag;
      const shown = tag.replace(/^tag:yaml\.org,2002:/, "!!");
      return {
        ...none,
        findings: [
          finding(
            "parse.unsafe",
            lineAt(pos),
            `custom tag refused: ${shown} is not a tag of the YAML core schema`,
          ),
        ],
      };
    }
    if (ast.duplicate) {
      const { key, pos, complex } = ast.duplicate;
      const message = complex
        ? "YAML syntax: a key must be a plain value, not a list or a mapping (an unrendered template such as {{ x }}?)"
        : `YAML syntax: map keys must be unique ("${key}" repeats)`;
      return { ...none, findings: [finding(src.code ?? "parse.yaml", lineAt(pos), message)] };
    }
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
  } catch (err) {
    return {
      ...none,
      findings: [
        finding(
          "parse.unsafe",
          firstAliasLine(doc.contents, lineAt),
          `refused: ${firstLine(String(err instanceof Error ? err.message : err))}`,
        ),
      ],
    };
  }

  // One index per mapping, built on first use: a line for every key of a big file stays linear.
  const indexes = new WeakMap<object, Map<string, Pair>>();
  const keyIndex = (map: YAMLMap): Map<string, Pair> => {
    let index = indexes.get(map);
    if (index) return index;
    index = new Map();
    for (const p of map.items)
      if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    indexes.set(map, index);
    return index;
  };
  const lineOf = (path: ReadonlyArray<PropertyKey>): number | null => {
    let node: unknown = doc.contents;
    let best: number | null = node && (node as Node).range ? lineAt((node as Node).range?.[0] ?? 0) : null;
    for (const key of path) {
      if (isAlias(node)) break;
      if (isMap(node)) {
        const pair = keyIndex(node).get(String(key));
        if (!pair) break;
        const keyNode = pair.key as Node;
        if (keyNode.range) best = lineAt(keyNode.range[0]);
        node = pair.value;
        continue;
      }
      if (isSeq(node)) {
        const item = node.items[Number(key)] as Node | undefined;
        if (!item || typeof key === "symbol" || Number.isNaN(Number(key))) break;
        if (item.range) best = lineAt(item.range[0]);
        node = item;
        continue;
      }
      break;
    }
    return best;
  };

  return { value, findings: [], lineOf };
}

function firstLine(s: string): string {
  return s.split("\n")[0] ?? s;
}

/** Depth of `[`/`{` nesting outside quotes: checked before parsing, so the parser never recurses deep. */
function maxFlowDepth(text: string): { depth: number; line: number } {
  let depth = 0;
  let max = 0;
  let maxLine = 1;
  let line = 1;
  let quote: string | null = null;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      line++;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    const prev = i === 0 ? " " : (text[i - 1] ?? " ");
    if ((c === '"' || c === "'") && /[\s[{,:]/.test(prev)) quote = c;
    else if (c === "#" && /\s/.test(prev)) comment = true;
    else if (c === "[" || c === "{") {
      depth++;
      if (depth > max) {
        max = depth;
        maxLine = line;
      }
      if (max > LIMITS.maxDepth) return { depth: max, line: maxLine };
    } else if ((c === "]" || c === "}") && depth > 0) depth--;
  }
  return { depth: max, line: maxLine };
}

/** Nesting depth of the parsed AST and its first duplicate key, iteratively (aliases are not followed). */
interface KeyProblem {
  key: string;
  pos: number;
  /** A collection used as a key, rather than a repeated key. */
  complex?: boolean;
}

/**
 * The tags of the YAML 1.2 core schema. The yaml package resolves some YAML 1.1 tags (`!!binary`,
 * `!!timestamp`, `!!set`, `!!omap`, `!!pairs`) even with `schema: "core"`, into Buffers, Dates,
 * Sets and Maps; SPEC §1.3 allows the core schema only.
 */
const CORE_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`),
);

interface AstInspection {
  depth: number;
  pos: number | null;
  duplicate: KeyProblem | null;
  /** The first explicit tag outside the core schema. */
  foreignTag: { tag: string; pos: number } | null;
}

function inspectAst(root: unknown): AstInspection {
  const stack: Array<[unknown, number]> = [[root, 1]];
  let max = 0;
  let pos: number | null = null;
  let duplicate: KeyProblem | null = null;
  let foreignTag: AstInspection["foreignTag"] = null;
  const checkTag = (node: unknown) => {
    const tag = (node as Node | null)?.tag;
    if (foreignTag === null && typeof tag === "string" && !CORE_TAGS.has(tag))
      foreignTag = { tag, pos: (node as Node).range?.[0] ?? 0 };
  };
  while (stack.length > 0) {
    const [node, d] = stack.pop() as [unknown, number];
    checkTag(node);
    if (d > max) {
      max = d;
      pos = (node as Node | null)?.range?.[0] ?? pos;
    }
    if (max > LIMITS.maxDepth) break;
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const p of node.items) {
        stack.push([p.value, d + 1]);
        if (!isScalar(p.key)) {
          // `{ a }: 1` or `? [x]`: JavaScript objects cannot key by a collection (the yaml
          // package would stringify it with a process warning); our formats never need one.
          if (p.key !== null && duplicate === null)
            duplicate = { key: "", pos: (p.key as Node).range?.[0] ?? 0, complex: true };
          continue;
        }
        checkTag(p.key);
        const k = String(p.key.value);
        if (seen.has(k) && (duplicate === null || (p.key.range?.[0] ?? 0) < duplicate.pos)) {
          duplicate = { key: k, pos: p.key.range?.[0] ?? 0 };
        }
        seen.add(k);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push([item, d + 1]);
    }
  }
  return { depth: max, pos, duplicate, foreignTag };
}

/** Where the first alias is: the line an alias bomb is annotated on (else the document's first). */
function firstAliasLine(root: unknown, lineAt: (pos: number) => number): number {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) return lineAt(node.range?.[0] ?? 0);
    if (isMap(node)) for (const p of [...node.items].reverse()) stack.push(p.value);
    else if (isSeq(node)) for (const item of [...node.items].reverse()) stack.push(item);
  }
  return lineAt(0);
}
