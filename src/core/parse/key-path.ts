/** A path into a parsed YAML/JSON value: map keys and list indices. */
export type KeyPath = ReadonlyArray<string | number>;

/**
 * `["model-index", 0, "results"]` → `model-index[0].results`: the form a user finds in the file,
 * so every finding names exactly which key is wrong.
 */
export function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(top level)" : out;
}

/** `artifacts[0].sha256` or `artifacts.0.sha256` → `["artifacts", 0, "sha256"]`. */
export function splitKeyPath(dotted: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const part of dotted.split(".")) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    const head = m[1] ?? "";
    if (head !== "") out.push(/^\d+$/.test(head) ? Number(head) : head);
    for (const idx of (m[2] ?? "").matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}
