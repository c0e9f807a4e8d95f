/**
 * Writes a zod issue path the way a user reads the policy: `gates.evaluation.metrics[0].direction`,
 * `models["fraud-*"].gates`. Keys that are not plain words are quoted, so a glob stays readable.
 */
export function formatOptionPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") {
      out += `[${key}]`;
      continue;
    }
    const name = String(key);
    if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      out += out === "" ? name : `.${name}`;
      continue;
    }
    out += `[${JSON.stringify(name)}]`;
  }
  return out === "" ? "the policy" : out;
}
