import picomatch from "picomatch";
import { parseManifest } from "./parse/parse-manifest.ts";
import { type CardParser, parseModelCard } from "./parse/parse-model-card.ts";
import type { Policy } from "./policy/schema.ts";
import { dedupeNeed } from "./sources/cards/card-files.ts";
import { enabledSources } from "./sources/registry.ts";
import type { Source, SourceNeed, SourceView } from "./sources/source.ts";
import {
  type ChangedFile,
  type FileContent,
  type Finding,
  fileKey,
  type Manifest,
  type ModelCard,
  type ModelContext,
  type Parsed,
  type ReadRequest,
  type RepoSnapshot,
  type Side,
} from "./types.ts";

/** The engine reads in at most this many batches: changed files, their neighbours, references. */
export const MAX_READ_ROUNDS = 3;

export interface Collected {
  models: ModelContext[];
  /** Findings not tied to a gate: parse errors, orphan manifests, unreadable files. */
  findings: Finding[];
  /** Changed files that are not ignored. */
  changed: ChangedFile[];
  /** Cards and manifests the PR deletes: a change to a model, though none is left to gate. */
  removed: string[];
  notes: string[];
  /** How many `read` batches were made (for the budget in SPEC §6). */
  rounds: number;
  /** Text of a head file that was read (e.g. one asked for with `alsoRead`), or null. */
  headText(path: string): string | null;
}

/**
 * Finds the models a PR touches and reads what their gates need, in at most MAX_READ_ROUNDS
 * batches. Each enabled source (`paths.sources`, SPEC §1.4) says what it needs to read; the
 * engine reads what all of them need in one batch a round, then each source turns what was read
 * into models. The gates never learn which format a model came from.
 */
export async function collectModels(
  snapshot: RepoSnapshot,
  policy: Policy,
  /** Head files to read in the first batch when the PR changes them (the policy). */
  alsoRead: readonly string[] = [],
  /** The repository's name: a card at its root without a name is named after it (SPEC §1.1). */
  repository?: string,
  /** parseModelCard unless the caller parsed the cards already (the CLI, in worker threads). */
  parseCard: CardParser = parseModelCard,
): Promise<Collected> {
  const sources = enabledSources(policy);
  const changed = (await snapshot.changedFiles()).filter((f) => !ignoredBy(policy)(f.path));
  const store = createStore(policy, changed, alsoRead, repository, parseCard);
  const { view } = store;

  let rounds = 0;
  const readRound = async (need: SourceNeed): Promise<void> => {
    const request: ReadRequest = need.tags
      ? { files: need.files, dirs: need.dirs, tags: need.tags }
      : { files: need.files, dirs: need.dirs };
    const result = await snapshot.read(request);
    store.merge(request, result);
    rounds++;
  };
  const readAll = async (budget: number): Promise<void> => {
    for (let r = 0; r < budget; r++) {
      const need = dedupeNeed(view, mergeNeeds(sources.map((s) => s.need(view))));
      if (need.files.length === 0 && need.dirs.length === 0 && !need.tags) return;
      await readRound(need);
    }
  };
  await readAll(MAX_READ_ROUNDS);
  if (snapshot.listAll) {
    const listAll = snapshot.listAll.bind(snapshot);
    let more = false;
    for (const source of sources) {
      const need = await source.search?.(view, () => listAll("head"));
      if (!need || (need.files.length === 0 && need.dirs.length === 0)) continue;
      await readRound(dedupeNeed(view, need));
      more = true;
    }
    if (more) await readAll(MAX_READ_ROUNDS);
  }

  const findings: Finding[] = tooLarge(view, sources);
  const notes: string[] = [];
  const removed: string[] = [];
  const models: ModelContext[] = [];
  const claimed = new Set<string>();
  for (const source of sources) {
    const got = source.collect(view, claimed);
    for (const c of got.claims) claimed.add(c);
    models.push(...got.models);
    findings.push(...got.findings);
    notes.push(...got.notes);
    removed.push(...got.removed);
  }
  findings.push(...duplicateNames(models));
  return {
    models,
    findings,
    changed,
    removed: [...new Set(removed)],
    notes,
    rounds,
    headText: (path) => view.text("head", path),
  };
}

/**
 * SPEC §1.1: two models with the same name would share rollout environments and report rows, so
 * the one whose card comes second in path order is an error on its `name` line, naming the first.
 * Both are still evaluated, each under its own card.
 */
function duplicateNames(models: readonly ModelContext[]): Finding[] {
  const first = new Map<string, ModelContext>();
  const findings: Finding[] = [];
  for (const m of [...models].sort((a, b) =>
    a.card.file < b.card.file ? -1 : a.card.file > b.card.file ? 1 : 0,
  )) {
    const prior = first.get(m.name);
    if (!prior) {
      first.set(m.name, m);
      continue;
    }
    findings.push({
      gate: "documentation",
      code: "model.duplicate-name",
      severity: "error",
      model: m.name,
      file: m.card.file,
      line: m.card.fieldLines.name ?? 1,
      message: `${prior.card.file} already names a model "${m.name}": give this one another name (models share rollout environments by name)`,
    });
  }
  return findings;
}

const ignoredBy = (policy: Policy): ((path: string) => boolean) =>
  policy.paths.ignore.length > 0 ? picomatch(policy.paths.ignore, { dot: true }) : () => false;

/**
 * Speculative reads (any changed .json, files beside a card) may hit data or weights: only a
 * file some source must parse is an error when it is too large. The sources are asked only about
 * the few files that were refused: asking about every file read is quadratic in a repository-wide
 * check (a source's answer may look at every manifest read).
 */
function tooLarge(view: SourceView, sources: readonly Source[]): Finding[] {
  const findings: Finding[] = [];
  for (const path of view.readPaths("head")) {
    const c = view.content("head", path);
    if (c === undefined) continue;
    const refusal = refusalOf(path, c);
    if (refusal === null || !sources.some((s) => s.mustParse(view, path))) continue;
    // The whole file is refused: annotate its first line, so the finding lands in the diff.
    findings.push({ gate: "parse", severity: "error", model: null, file: path, line: 1, ...refusal });
  }
  return findings;
}

/** Why a file the engine must parse was not read, or null when it was (or is simply absent). */
function refusalOf(path: string, c: FileContent): { code: string; message: string } | null {
  switch (c.kind) {
    case "too-large":
      return {
        code: "parse.too-large",
        message: `${path} is ${c.bytes} bytes; files over 1 MiB are not read`,
      };
    case "binary":
      return { code: "parse.unsafe", message: `${path} is a binary file (${c.bytes} bytes), not text` };
    case "refused":
      return { code: "parse.unsafe", message: `${path} ${c.reason}` };
    default:
      return null;
  }
}

function mergeNeeds(needs: SourceNeed[]): SourceNeed {
  const tags = needs.flatMap((n) => n.tags ?? []);
  const merged: SourceNeed = { files: needs.flatMap((n) => n.files), dirs: needs.flatMap((n) => n.dirs) };
  if (tags.length > 0) merged.tags = tags;
  return merged;
}

/**
 * A path glob compiled once, its answers kept per path: the sources ask about the same paths
 * round after round (every changed file, every file read), and the globs' regular expressions
 * cost more than a Map lookup.
 */
function memoizedGlob(globs: readonly string[]): (path: string) => boolean {
  const matches = picomatch([...globs], { dot: true });
  const known = new Map<string, boolean>();
  return (path) => {
    let hit = known.get(path);
    if (hit === undefined) {
      hit = matches(path);
      known.set(path, hit);
    }
    return hit;
  };
}

const bySide = <T>(): Record<Side, Map<string, T>> => ({ head: new Map(), base: new Map() });

/** The side and path of a `fileKey`, or null for a key of neither side. */
function splitKey(key: string): { side: Side; path: string } | null {
  if (key.startsWith("head:")) return { side: "head", path: key.slice(5) };
  if (key.startsWith("base:")) return { side: "base", path: key.slice(5) };
  return null;
}

/** What has been read, and the view of it the sources share. */
function createStore(
  policy: Policy,
  changed: ChangedFile[],
  alsoRead: readonly string[],
  repository: string | undefined,
  parseModelCard: CardParser,
) {
  const isCard = memoizedGlob(policy.paths.model_cards);
  const isManifest = memoizedGlob(policy.paths.manifests);
  const renamedFrom = new Map(
    changed.filter((f) => f.previousPath).map((f) => [f.path, f.previousPath as string]),
  );
  const headChanged = changed.filter((f) => f.status !== "removed");
  // A file the PR does not change is the same at base and head: read once, used for both.
  const touchedPaths = new Set(
    changed.flatMap((f) => (f.previousPath ? [f.path, f.previousPath] : [f.path])),
  );
  const unchanged = (path: string): boolean => !touchedPaths.has(path);
  // One map per side, keyed by path: the sources ask hundreds of thousands of times in a
  // repository-wide check, and a `side:path` key is a new string to build and hash each time.
  const files = bySide<FileContent>();
  const dirs = bySide<string[]>();
  const subfolders = bySide<string[]>();
  let tags: string[] | null = null;
  const cardCache = bySide<Parsed<ModelCard> | null>();
  const manifestCache = bySide<Parsed<Manifest> | null>();
  let headPaths: Set<string> | null = null;
  const text = (side: Side, path: string): string | null => {
    const c = files[side].get(path);
    return c?.kind === "text" ? c.text : null;
  };
  const parsed = <T>(
    cache: Record<Side, Map<string, Parsed<T> | null>>,
    parse: (path: string, text: string) => Parsed<T>,
    side: Side,
    path: string,
  ): Parsed<T> | null => {
    const hit = cache[side].get(path);
    if (hit !== undefined) return hit;
    const t = text(side, path);
    if (t === null) return null;
    const value = parse(path, t);
    cache[side].set(path, value);
    return value;
  };
  const parseCard = (path: string, text: string) => parseModelCard(path, text, repository);
  const view: SourceView = {
    policy,
    changed,
    headChanged,
    alsoRead,
    basePathOf: (headPath) => renamedFrom.get(headPath) ?? headPath,
    unchanged,
    content: (side, path) => files[side].get(path),
    text,
    listed: (side, dir) => dirs[side].get(dir),
    folders: (side, dir) => subfolders[side].get(dir),
    tags: () => tags ?? [],
    tagsRead: () => tags !== null,
    readPaths: (side) => files[side].keys(),
    isCard,
    isManifest,
    card: (side, path) => parsed(cardCache, parseCard, side, path),
    manifest: (side, path) => parsed(manifestCache, parseManifest, side, path),
    headPaths: () => {
      if (headPaths) return headPaths;
      const out = new Set<string>();
      for (const list of dirs.head.values()) for (const p of list) out.add(p);
      for (const [path, c] of files.head) if (c.kind !== "missing") out.add(path);
      headPaths = out;
      return out;
    },
  };
  const merge = (request: ReadRequest, result: Awaited<ReturnType<RepoSnapshot["read"]>>) => {
    headPaths = null;
    for (const [key, content] of result.files) {
      const at = splitKey(key);
      if (at !== null && !files[at.side].has(at.path)) files[at.side].set(at.path, content);
    }
    for (const r of request.files)
      files[r.side].set(r.path, result.files.get(fileKey(r.side, r.path)) ?? { kind: "missing" });
    for (const d of request.dirs) {
      const key = fileKey(d.side, d.path);
      dirs[d.side].set(d.path, result.dirs.get(key) ?? []);
      if (d.folders) subfolders[d.side].set(d.path, result.folders?.get(key) ?? []);
    }
    if (request.tags) tags = [...(tags ?? []), ...(result.tags ?? [])];
    for (const [path, content] of files.head)
      if (unchanged(path) && !files.base.has(path)) files.base.set(path, content);
  };
  return { view, merge };
}
