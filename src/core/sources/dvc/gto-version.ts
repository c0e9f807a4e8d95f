import { compare, valid } from "semver";

/**
 * The highest version GTO registered for a model: tags `NAME@vX.Y.Z`
 * (https://dvc.org/doc/gto/user-guide#versioning). Stage tags (`NAME#prod#1`) and tags of other
 * models that share the prefix are not versions. null when none.
 */
export function gtoVersion(name: string, tags: readonly string[]): string | null {
  let best: string | null = null;
  const prefix = `${name}@v`;
  for (const t of tags) {
    if (!t.startsWith(prefix)) continue;
    const v = valid(t.slice(prefix.length));
    if (v !== null && (best === null || compare(v, best) > 0)) best = v;
  }
  return best;
}
