import { parseMetricsFile } from "../../parse/parse-metrics-file.ts";
import type { Finding, Manifest, ModelCard, ModelContext, Side } from "../../types.ts";
import {
  ancestors,
  askFile,
  dirOf,
  emptyNeed,
  type Source,
  type SourceNeed,
  type SourceView,
  type SourceYield,
} from "../source.ts";
import type { SourceName } from "../source-names.ts";
import { isCardFile, isReadme, touchedCards } from "./card-files.ts";

const METRIC_CANDIDATE = /\.(json|ya?ml)$/i;
/** At most this many cards are read when a changed manifest's card must be searched for. */
const MAX_LINK_SEARCH_CARDS = 500;
/** Speculative reads per folder: metrics files of manifests we have not parsed yet. */
const MAX_CANDIDATES_PER_DIR = 20;

/** What a flavour of card adds: the Hugging Face one reads `.eval_results/` beside its cards. */
export interface CardFlavor {
  name: SourceName;
  /** Which card paths are this source's. */
  accepts(path: string): boolean;
  /** Manifests are native: only that flavour reports orphan manifests. */
  ownsManifests: boolean;
  /**
   * More to read for one touched card of this flavour; also asked for a README.md not yet sniffed,
   * so what it would need comes in the same batch as its text.
   */
  needFor?(view: SourceView, cardPath: string, need: SourceNeed): void;
  /** More to read each round, whatever is touched (the cards of the flavour's own changed files). */
  needEachRound?(view: SourceView, need: SourceNeed): void;
  /** Cards the PR touches through files of this flavour, removed ones included (an evaluation result). */
  touchedBy?(view: SourceView): string[];
  /** Files a card of this flavour links besides its manifest (a root card owns only these). */
  linksOf?(view: SourceView, cardPath: string): string[];
  /** The model, completed from what the flavour read; findings of its own files. */
  complete?(view: SourceView, model: ModelContext): { model: ModelContext; findings: Finding[] };
  mustParse?(view: SourceView, path: string): boolean;
}

/**
 * Models from cards and experiment manifests (SPEC §1.1, §1.2). A model is a card; a change
 * anywhere under a card's folder (but not under a deeper card's folder) touches it. Its manifest
 * is the card's `experiment`, or the manifest beside the card whose `model` names it.
 */
export function cardSource(flavor: CardFlavor): Source {
  /** Cards elsewhere in the tree that link a changed manifest (found only when one has no card nearby). */
  const linkedCards = new Set<string>();
  /** Cards listed by the tree search, to be read and matched against the orphans. */
  let searched: string[] = [];
  /** Cards past the search's limit: reported, never silently left out. */
  let skipped: string[] = [];
  const listedHead = (view: SourceView, dir: string): string[] => view.listed("head", dir) ?? [];

  /** Manifest paths (head) linked to a head card. */
  const manifestsOf = (view: SourceView, cardPath: string): string[] => {
    const c = view.card("head", cardPath)?.value ?? null;
    if (c?.experiment) return [c.experiment];
    const beside = listedHead(view, dirOf(cardPath)).filter((p) => view.isManifest(p));
    const mine = beside.filter((m) => {
      const parsed = view.manifest("head", m)?.value ?? null;
      return parsed === null || parsed.model === null || parsed.model === c?.name;
    });
    if (mine.length > 0 || !linkedCards.has(cardPath)) return mine;
    // A card found through the tree search: the changed manifest elsewhere that names it.
    return view.headChanged
      .map((f) => f.path)
      .filter((p) => view.isManifest(p) && view.manifest("head", p)?.value?.model === c?.name);
  };

  /** What a root card owns besides itself; undefined until the card and its manifest are read. */
  const linksOf = (view: SourceView, cardPath: string): ReadonlySet<string> | undefined => {
    if (view.content("head", cardPath) === undefined) return undefined;
    const out = new Set<string>([cardPath, ...(flavor.linksOf?.(view, cardPath) ?? [])]);
    const c = view.card("head", cardPath)?.value ?? null;
    if (c?.experiment) out.add(c.experiment);
    for (const m of manifestsOf(view, cardPath)) {
      if (view.content("head", m) === undefined) return undefined;
      out.add(m);
      const parsed = view.manifest("head", m)?.value ?? null;
      if (parsed?.metricsFile) out.add(parsed.metricsFile);
      if (parsed?.lockfile) out.add(parsed.lockfile);
      for (const a of parsed?.artifacts ?? []) if (a.path) out.add(a.path);
    }
    return out;
  };

  const touched = (view: SourceView) =>
    touchedCards(view, (c) => linksOf(view, c), [...linkedCards, ...(flavor.touchedBy?.(view) ?? [])]);

  const need = (view: SourceView): SourceNeed => {
    const out = emptyNeed();
    for (const path of view.alsoRead)
      if (view.headChanged.some((f) => f.path === path)) out.files.push({ side: "head", path });
    for (const f of view.headChanged) {
      const relevant = view.isCard(f.path) || view.isManifest(f.path) || METRIC_CANDIDATE.test(f.path);
      if (relevant) askFile(view, out, f.path);
      for (const d of ancestors(dirOf(f.path)))
        out.dirs.push({ side: "head", path: d, contents: relevant && d === dirOf(f.path) });
    }
    flavor.needEachRound?.(view, out);
    const { cards, unknown } = touched(view);
    for (const p of unknown) askFile(view, out, p);
    for (const p of unknown) if (flavor.accepts(p) && view.isCard(p)) flavor.needFor?.(view, p, out);
    for (const p of unknown)
      if (view.card("head", p)) for (const m of manifestsOf(view, p)) askFile(view, out, m);
    for (const cardPath of cards) {
      askFile(view, out, cardPath);
      const dir = dirOf(cardPath);
      out.dirs.push({ side: "head", path: dir, contents: true });
      const candidates = listedHead(view, dir).filter((p) => view.isManifest(p) || METRIC_CANDIDATE.test(p));
      for (const p of candidates.slice(0, MAX_CANDIDATES_PER_DIR)) askFile(view, out, p);
      const linked = [
        view.card("head", cardPath)?.value?.experiment,
        view.card("base", view.basePathOf(cardPath))?.value?.experiment,
      ];
      for (const m of linked) if (m) askFile(view, out, m);
      if (flavor.accepts(cardPath) && isCardFile(view, cardPath)) flavor.needFor?.(view, cardPath, out);
    }
    for (const side of ["head", "base"] as const)
      for (const path of view.readPaths(side)) {
        if (!view.isManifest(path)) continue;
        const m = view.manifest(side, path)?.value ?? null;
        if (m?.metricsFile) askFile(view, out, m.metricsFile);
        if (m?.lockfile) out.dirs.push({ side: "head", path: dirOf(m.lockfile) });
      }
    for (const p of searched) askFile(view, out, p);
    for (const p of searched) {
      const c = view.card("head", p)?.value ?? null;
      if (c && orphansOf(view).some((o) => matches(view, c, o))) linkedCards.add(p);
    }
    return out;
  };

  const orphansOf = (view: SourceView): string[] => {
    const claimed = new Set(touched(view).cards.flatMap((c) => manifestsOf(view, c)));
    return view.headChanged.map((f) => f.path).filter((p) => view.isManifest(p) && !claimed.has(p));
  };
  const matches = (view: SourceView, c: ModelCard, orphan: string): boolean =>
    c.experiment === orphan || (!c.experiment && view.manifest("head", orphan)?.value?.model === c.name);

  const namedMetricsFiles = (view: SourceView): Set<string> => {
    const out = new Set<string>();
    for (const path of view.readPaths("head")) {
      if (!view.isManifest(path)) continue;
      const m = view.manifest("head", path)?.value ?? null;
      if (m?.metricsFile) out.add(m.metricsFile);
    }
    return out;
  };

  return {
    name: flavor.name,
    need,
    // A README.md is sniffed, not a card by name: one too large to read is not known to be a card,
    // so it is reported as a warning (collectCards), never as an error in a repository's docs.
    mustParse: (view, p) =>
      (view.isCard(p) && flavor.accepts(p) && !isReadme(p)) ||
      (flavor.ownsManifests &&
        (view.isManifest(p) || namedMetricsFiles(view).has(p) || view.alsoRead.includes(p))) ||
      (flavor.mustParse?.(view, p) ?? false),
    // A changed manifest with no card in its folder or above may belong to a card elsewhere that
    // links it (`experiment: /experiments/fraud/experiment.yaml`) or that it names (`model:`).
    // Only then is the whole tree listed and its cards read: a rare layout pays, the usual does not.
    search: async (view, listAll) => {
      if (!flavor.ownsManifests || orphansOf(view).length === 0) return null;
      const all = (await listAll()).filter((p) => view.isCard(p) && view.content("head", p) === undefined);
      searched = all.slice(0, MAX_LINK_SEARCH_CARDS);
      skipped = all.slice(MAX_LINK_SEARCH_CARDS);
      if (searched.length === 0) return null;
      return { files: searched.map((path) => ({ side: "head" as const, path })), dirs: [] };
    },
    collect: (view, claimed) => {
      const got = collectCards(view, claimed, flavor, touched(view).cards, manifestsOf);
      if (skipped.length > 0 && orphansOf(view).length > 0)
        got.findings.push(
          notChecked(
            skipped,
            `for a card that links a changed manifest (the search reads at most ${MAX_LINK_SEARCH_CARDS})`,
          ),
        );
      return got;
    },
  };
}

function collectCards(
  view: SourceView,
  claimed: ReadonlySet<string>,
  flavor: CardFlavor,
  touched: string[],
  manifestsOf: (view: SourceView, cardPath: string) => string[],
): SourceYield {
  const findings: Finding[] = [];
  const models: ModelContext[] = [];
  const headPaths = view.headPaths();
  const mine = touched.filter((c) => flavor.accepts(c) && !claimed.has(c) && isCardFile(view, c));
  // SPEC §1.3: nothing is capped silently. Cards the read batches did not reach are counted.
  const unread = touched.filter(
    (c) => flavor.accepts(c) && !claimed.has(c) && view.content("head", c) === undefined,
  );
  if (unread.length > 0) findings.push(notChecked(unread, `within the engine's read batches`));
  findings.push(...unsniffedReadmes(view, flavor));
  for (const cardPath of mine) {
    const parsedHead = view.card("head", cardPath);
    const head = parsedHead?.value ?? null;
    if (parsedHead)
      findings.push(...parsedHead.findings.map((f) => ({ ...f, model: f.model ?? head?.name ?? null })));
    // A card whose front matter could not be read has no known fields: gating it would only
    // repeat its parse error as missing fields, sections and versions.
    if (!head || parsedHead?.findings.some(isUnreadable)) continue;
    const baseCard = view.card("base", view.basePathOf(cardPath))?.value ?? null;
    const manifestPath = manifestsOf(view, cardPath)[0] ?? null;
    let headManifest: Manifest | null = null;
    let baseManifest: Manifest | null = null;
    if (manifestPath) {
      headManifest = withMetricsFile(
        view,
        view.manifest("head", manifestPath)?.value ?? null,
        "head",
        findings,
      );
      const parsedManifest = view.manifest("head", manifestPath);
      if (parsedManifest) findings.push(...parsedManifest.findings.map((f) => ({ ...f, model: head.name })));
      const baseManifestPath = baseCard?.experiment ?? view.basePathOf(manifestPath);
      baseManifest = withMetricsFile(
        view,
        view.manifest("base", baseManifestPath)?.value ?? null,
        "base",
        findings,
      );
    }
    let model: ModelContext = {
      name: head.name,
      source: flavor.name,
      card: head,
      baseCard,
      manifest: headManifest,
      baseManifest,
      headPaths,
    };
    if (flavor.complete) {
      const done = flavor.complete(view, model);
      model = done.model;
      findings.push(...done.findings);
    }
    models.push(model);
  }
  const removed = view.changed.filter(
    (f) =>
      f.status === "removed" &&
      ((view.isCard(f.path) && flavor.accepts(f.path)) || (flavor.ownsManifests && view.isManifest(f.path))),
  );
  const notes = removed
    .filter((f) => view.isCard(f.path))
    .map((f) => `${f.path} was removed: its model is no longer checked`);
  // Manifests of any card (a Hugging Face card may link one too) are not orphans.
  if (flavor.ownsManifests) {
    const readable = (c: string) =>
      isCardFile(view, c) === true && !view.card("head", c)?.findings.some(isUnreadable);
    const linked = new Set(touched.filter(readable).flatMap((c) => manifestsOf(view, c).slice(0, 1)));
    // A manifest another source's model uses (a DVC model's, SPEC §1.4) is not an orphan either.
    findings.push(...orphanManifests(view, touched, new Set([...linked, ...claimed])));
  }
  return { models, findings, notes, removed: removed.map((f) => f.path), claims: mine };
}

/**
 * SPEC §3.5: an orphan's `model` matches no card. A card in the manifest's folder or above that
 * has that name (though its `experiment` links another file, or dangles) is a match; so is one
 * that could not be read, whose name is unknown: its parse error is the finding to fix.
 */
function orphanManifests(
  view: SourceView,
  touched: string[],
  claimedManifests: ReadonlySet<string>,
): Finding[] {
  const findings: Finding[] = [];
  const cardsAbove = (path: string): Array<ModelCard | null> => {
    const dirs = new Set(ancestors(dirOf(path)));
    return touched
      .filter((c) => dirs.has(dirOf(c)))
      .map((c) => {
        const parsed = view.card("head", c);
        return parsed?.findings.some(isUnreadable) ? null : (parsed?.value ?? null);
      });
  };
  for (const f of view.headChanged) {
    if (!view.isManifest(f.path) || claimedManifests.has(f.path)) continue;
    const parsed = view.manifest("head", f.path);
    if (parsed) findings.push(...parsed.findings);
    const m = parsed?.value;
    if (m?.model && cardsAbove(f.path).some((c) => c === null || c.name === m.model)) continue;
    findings.push({
      gate: "lineage",
      code: "lineage.orphan-manifest",
      severity: "error",
      model: m?.model ?? null,
      file: f.path,
      line: m?.lineOf("model") ?? null,
      message: m?.model
        ? `manifest names model "${m.model}", but no card has that name or links it with \`experiment\``
        : "manifest has no `model` key and no card links it with `experiment`",
    });
  }
  return findings;
}

function withMetricsFile(
  view: SourceView,
  m: Manifest | null,
  side: Side,
  findings: Finding[],
): Manifest | null {
  if (!m?.metricsFile) return m;
  const t = view.text(side, m.metricsFile);
  if (t === null) return m;
  const evalName = m.data.eval?.name ?? "eval";
  const parsed = parseMetricsFile(m.metricsFile, t, { dataset: evalName });
  if (side === "head") findings.push(...parsed.findings);
  const extra = parsed.value ?? [];
  return {
    ...m,
    metrics: [...m.metrics, ...extra],
    metricsDataKey: [...m.metricsDataKey, ...extra.map(() => "eval")],
  };
}

/**
 * README.md files matched by the card globs that were read but could not be sniffed (over 1 MiB,
 * binary, refused): whether they are Hugging Face cards is unknown, and SPEC §1.3 allows no
 * silent skip. A warning, since most such files are documentation, not models.
 */
function unsniffedReadmes(view: SourceView, flavor: CardFlavor): Finding[] {
  const findings: Finding[] = [];
  for (const path of view.readPaths("head")) {
    if (!isReadme(path) || !view.isCard(path) || !flavor.accepts(path)) continue;
    const c = view.content("head", path);
    const why =
      c?.kind === "too-large"
        ? { code: "parse.too-large", text: `is ${c.bytes} bytes; files over 1 MiB are not read` }
        : c?.kind === "binary"
          ? { code: "parse.unsafe", text: `is a binary file (${c.bytes} bytes), not text` }
          : c?.kind === "refused"
            ? { code: "parse.unsafe", text: c.reason }
            : null;
    if (why === null) continue;
    findings.push({
      gate: "parse",
      code: why.code,
      severity: "warning",
      model: null,
      file: path,
      line: 1,
      message: `${path} ${why.text}, so whether it is a Hugging Face model card is unknown; it is not checked`,
    });
  }
  return findings;
}

const UNREADABLE = new Set(["parse.yaml", "parse.unsafe", "parse.too-large"]);
export const isUnreadable = (f: Finding): boolean => f.severity === "error" && UNREADABLE.has(f.code);

/** SPEC §1.3: a limit that left cards out says how many, and names the first. */
function notChecked(cards: readonly string[], why: string): Finding {
  const first = cards[0] ?? "";
  return {
    gate: "parse",
    code: "model.not-checked",
    severity: "warning",
    model: null,
    file: first,
    line: 1,
    message: `${cards.length} card(s) were not checked ${why}, starting with ${first}: run \`modelgate check\` on fewer models at a time`,
  };
}
