/** Pieces are joined into chunks of about this many characters before they are yielded. */
const CHUNK_CHARS = 64 * 1024;

/**
 * `JSON.stringify(value, null, 2)`, character for character, in chunks: a repository-wide report
 * (30,000 models, 130,000 findings) is about 90 MB as one string, held alongside the report it is
 * made from. Arrays and plain objects down to `depth` are written piece by piece; anything below
 * (one finding, one metric row) is stringified whole and re-indented, which is exact because a
 * JSON string never holds a raw line break.
 */
export function* jsonChunks(value: unknown, depth = 2): Generator<string> {
  let buffer = "";
  for (const piece of pieces(value, "", depth)) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer !== "") yield buffer;
}

function* pieces(value: unknown, indent: string, depth: number): Generator<string> {
  if (depth <= 0 || !isContainer(value)) {
    const text = JSON.stringify(value, null, 2);
    // What JSON.stringify gives for undefined, a function or a symbol at the top: nothing.
    if (text === undefined) return;
    yield indent === "" ? text : text.replaceAll("\n", `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield "[]";
      return;
    }
    yield "[";
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? `\n${inner}` : `,\n${inner}`;
      const item: unknown = value[i];
      // In an array, what JSON has no value for is null, as JSON.stringify writes it.
      yield* isSkipped(item) ? ["null"] : pieces(item, inner, depth - 1);
    }
    yield `\n${indent}]`;
    return;
  }
  const entries = Object.entries(value).filter(([, v]) => !isSkipped(v));
  if (entries.length === 0) {
    yield "{}";
    return;
  }
  yield "{";
  let first = true;
  for (const [key, v] of entries) {
    yield `${first ? "" : ","}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* pieces(v, inner, depth - 1);
  }
  yield `\n${indent}}`;
}

/** An array or a plain object without toJSON: what JSON.stringify walks key by key. */
function isContainer(value: unknown): value is unknown[] | Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}
