import { isHuggingFaceCard } from "../huggingface/is-hugging-face-card.ts";
import { ancestors, baseName, dirOf, type SourceNeed, type SourceView } from "../source.ts";

/** README.md is a card only when its front matter says so (SPEC §1.1); other globs are cards by name. */
export const isReadme = (path: string): boolean => baseName(path).toLowerCase() === "readme.md";

/**
 * Whether a path is a card: it matches the card globs, and a README.md also passes the Hugging
 * Face sniff. undefined when that needs a README's text that has not been read yet.
 */
export function isCardFile(view: SourceView, path: string): boolean | undefined {
  if (!view.isCard(path)) return false;
  if (!isReadme(path)) return true;
  const content = view.content("head", path);
  if (content === undefined) return undefined;
  if (content.kind !== "text") return false;
  const card = view.card("head", path)?.value ?? null;
  return isHuggingFaceCard(content.text, card?.fields ?? null);
}

/**
 * The cards a PR touches: each changed card, and the nearest card above each changed file (SPEC
 * §1.1: a card owns its folder and below, unless a deeper card owns them). A card at the
 * repository root owns only itself and the files it links, so that a root MODEL_CARD.md does not
 * make every change of the repository a change of its model.
 *
 * `unknown` collects READMEs whose text decides, and root cards whose links decide: the caller
 * reads them and asks again.
 */
export function touchedCards(
  view: SourceView,
  linksOf: (cardPath: string) => ReadonlySet<string> | undefined,
  extra: Iterable<string> = [],
): { cards: string[]; unknown: string[] } {
  const out = new Set<string>(extra);
  const unknown = new Set<string>();
  for (const f of view.headChanged) {
    const self = isCardFile(view, f.path);
    if (self === undefined) unknown.add(f.path);
    if (self) {
      out.add(f.path);
      continue;
    }
    for (const dir of ancestors(dirOf(f.path))) {
      const listed = view.listed("head", dir) ?? [];
      const cards: string[] = [];
      let pending = false;
      for (const p of listed) {
        const is = isCardFile(view, p);
        if (is === undefined) {
          unknown.add(p);
          pending = true;
        } else if (is) cards.push(p);
      }
      if (pending) break;
      if (cards.length === 0) continue;
      for (const c of cards) {
        if (dir !== "") {
          out.add(c);
          continue;
        }
        const links = linksOf(c);
        if (links === undefined) unknown.add(c);
        else if (links.has(f.path)) out.add(c);
      }
      break;
    }
  }
  return { cards: [...out].sort(), unknown: [...unknown].sort() };
}

/** Removes duplicate asks, and asks already answered. */
export function dedupeNeed(view: SourceView, need: SourceNeed): SourceNeed {
  const seen = new Set<string>();
  const files = need.files.filter((f) => {
    const k = `${f.side}:${f.path}`;
    if (seen.has(k) || view.content(f.side, f.path) !== undefined) return false;
    seen.add(k);
    return true;
  });
  const dirs = new Map<string, SourceNeed["dirs"][number]>();
  for (const d of need.dirs) {
    const known = view.listed(d.side, d.path) !== undefined;
    const foldersKnown = view.folders(d.side, d.path) !== undefined;
    if (known && (!d.folders || foldersKnown)) continue;
    const k = `${d.side}:${d.path}`;
    const prior = dirs.get(k);
    dirs.set(k, {
      side: d.side,
      path: d.path,
      contents: (d.contents ?? false) || (prior?.contents ?? false),
      folders: (d.folders ?? false) || (prior?.folders ?? false),
    });
  }
  const tags = [...new Set(need.tags ?? [])];
  return tags.length > 0 ? { files, dirs: [...dirs.values()], tags } : { files, dirs: [...dirs.values()] };
}
