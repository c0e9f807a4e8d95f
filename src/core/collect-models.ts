import picomatch from "picomatch";
import { parseManifest } from "./parse/parse-manifest.ts";
import { parseMetricsFile } from "./parse/parse-metrics-file.ts";
import { parseModelCard } from "./parse/parse-model-card.ts";
import type { Policy } from "./policy/schema.ts";
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
  type ReadResult,
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

const dirOf = (p: string): string => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "");
const ancestors = (dir: string): string[] => {
  const out = [dir];
  for (let d = dir; d !== ""; ) {
    d = dirOf(d);
    out.push(d);
  }
  return out;
};
const METRIC_CANDIDATE = /\.(json|ya?ml)$/i;
/** At most this many cards are read when a changed manifest's card must be searched for. */
const MAX_LINK_SEARCH_CARDS = 500;
/** Speculative reads per folder: metrics files of manifests we have not parsed yet. */
const MAX_CANDIDATES_PER_DIR = 20;

/**
 * Finds the models a PR touches and reads what their gates need, in at most MAX_READ_ROUNDS
 * batches. A model is a card; a change anywhere under a card's folder (but not under a deeper
 * card's folder) touches it. Its manifest is the card's `experiment`, or the manifest beside the
 * card whose `model` names it.
 */
export async function collectModels(
  snapshot: RepoSnapshot,
  policy: Policy,
  /** Head files to read in the first batch when the PR changes them (the policy). */
  alsoRead: readonly string[] = [],
): Promise<Collected> {
  const opts = { dot: true };
  const isCard = picomatch(policy.paths.model_cards, opts);
  const isManifest = picomatch(policy.paths.manifests, opts);
  const ignored = policy.paths.ignore.length > 0 ? picomatch(policy.paths.ignore, opts) : () => false;

  const changed = (await snapshot.changedFiles()).filter((f) => !ignored(f.path));
  const renamedFrom = new Map(
    changed.filter((f) => f.previousPath).map((f) => [f.path, f.previousPath as string]),
  );
  const basePathOf = (headPath: string): string => renamedFrom.get(headPath) ?? headPath;
  const headChanged = changed.filter((f) => f.status !== "removed");
  // A file the PR does not change is the same at base and head: read once, used for both.
  const touchedPaths = new Set(
    changed.flatMap((f) => (f.previousPath ? [f.path, f.previousPath] : [f.path])),
  );
  const unchanged = (path: string): boolean => !touchedPaths.has(path);
  const headChangedPaths = new Set(headChanged.map((f) => f.path));

  const files = new Map<string, FileContent>();
  const dirs = new Map<string, string[]>();
  const cardCache = new Map<string, Parsed<ModelCard>>();
  const manifestCache = new Map<string, Parsed<Manifest>>();
  const text = (side: Side, path: string): string | null => {
    const c = files.get(fileKey(side, path));
    return c?.kind === "text" ? c.text : null;
  };
  const card = (side: Side, path: string): ModelCard | null => {
    const t = text(side, path);
    if (t === null) return null;
    const key = fileKey(side, path);
    if (!cardCache.has(key)) cardCache.set(key, parseModelCard(path, t));
    return cardCache.get(key)?.value ?? null;
  };
  const manifest = (side: Side, path: string): Manifest | null => {
    const t = text(side, path);
    if (t === null) return null;
    const key = fileKey(side, path);
    if (!manifestCache.has(key)) manifestCache.set(key, parseManifest(path, t));
    return manifestCache.get(key)?.value ?? null;
  };
  const listed = (dir: string): string[] => dirs.get(fileKey("head", dir)) ?? [];

  /** Cards elsewhere in the tree that link a changed manifest (found only when one has no card nearby). */
  const linkedCards = new Set<string>();
  /** Cards touched by the PR: the nearest card folder above each changed file. */
  const touchedCards = (): string[] => {
    const out = new Set<string>(linkedCards);
    for (const f of headChanged) {
      if (isCard(f.path)) {
        out.add(f.path);
        continue;
      }
      for (const dir of ancestors(dirOf(f.path))) {
        const cards = listed(dir).filter((p) => isCard(p));
        if (cards.length === 0) continue;
        for (const c of cards) out.add(c);
        break;
      }
    }
    return [...out].sort();
  };

  /** Manifest paths (head) linked to a head card. */
  const manifestsOf = (cardPath: string): string[] => {
    const c = card("head", cardPath);
    if (c?.experiment) return [c.experiment];
    const beside = listed(dirOf(cardPath)).filter((p) => isManifest(p));
    const mine = beside.filter((m) => {
      const parsed = manifest("head", m);
      return parsed === null || parsed.model === null || parsed.model === c?.name;
    });
    if (mine.length > 0 || !linkedCards.has(cardPath)) return mine;
    // A card found through the tree search: the changed manifest elsewhere that names it.
    return headChanged
      .map((f) => f.path)
      .filter((p) => isManifest(p) && manifest("head", p)?.model === c?.name);
  };

  const need = (): ReadRequest => {
    const want: Array<{ side: Side; path: string }> = [];
    const wantDirs = new Map<string, { side: Side; path: string; contents: boolean }>();
    const addFile = (path: string) => {
      if (!files.has(fileKey("head", path))) want.push({ side: "head", path });
      if (unchanged(path)) return;
      const base = basePathOf(path);
      if (!files.has(fileKey("base", base))) want.push({ side: "base", path: base });
    };
    /** `contents` for a model's own folder: its card, manifest and metrics come with the listing. */
    const addDir = (dir: string, contents = false) => {
      if (dirs.has(fileKey("head", dir))) return;
      const prior = wantDirs.get(dir);
      wantDirs.set(dir, { side: "head", path: dir, contents: contents || (prior?.contents ?? false) });
    };
    for (const path of alsoRead)
      if (headChangedPaths.has(path) && !files.has(fileKey("head", path))) want.push({ side: "head", path });
    for (const f of headChanged) {
      const relevant = isCard(f.path) || isManifest(f.path) || METRIC_CANDIDATE.test(f.path);
      if (relevant) addFile(f.path);
      for (const d of ancestors(dirOf(f.path))) addDir(d, relevant && d === dirOf(f.path));
    }
    for (const cardPath of touchedCards()) {
      addFile(cardPath);
      const dir = dirOf(cardPath);
      addDir(dir, true);
      const candidates = listed(dir).filter((p) => isManifest(p) || METRIC_CANDIDATE.test(p));
      for (const p of candidates.slice(0, MAX_CANDIDATES_PER_DIR)) addFile(p);
      const linked = [card("head", cardPath)?.experiment, card("base", basePathOf(cardPath))?.experiment];
      for (const m of linked) if (m) addFile(m);
    }
    for (const [key] of files) {
      const [side, ...rest] = key.split(":") as [Side, ...string[]];
      const path = rest.join(":");
      if (!isManifest(path)) continue;
      const m = manifest(side, path);
      if (m?.metricsFile) addFile(m.metricsFile);
      if (m?.lockfile) addDir(dirOf(m.lockfile));
    }
    return { files: dedupe(want), dirs: [...wantDirs.values()] };
  };

  let rounds = 0;
  const readAll = async (budget: number) => {
    for (let r = 0; r < budget; r++) {
      const request = need();
      if (request.files.length === 0 && request.dirs.length === 0) return;
      merge(request, await snapshot.read(request));
      rounds++;
    }
  };
  const merge = (request: ReadRequest, result: ReadResult) => {
    for (const [key, content] of result.files) if (!files.has(key)) files.set(key, content);
    for (const r of request.files)
      files.set(fileKey(r.side, r.path), result.files.get(fileKey(r.side, r.path)) ?? { kind: "missing" });
    for (const d of request.dirs)
      dirs.set(fileKey(d.side, d.path), result.dirs.get(fileKey(d.side, d.path)) ?? []);
    for (const [key, content] of [...files]) {
      const path = key.slice(5);
      if (key.startsWith("head:") && unchanged(path) && !files.has(fileKey("base", path)))
        files.set(fileKey("base", path), content);
    }
  };
  await readAll(MAX_READ_ROUNDS);

  // A changed manifest with no card in its folder or above may belong to a card elsewhere that
  // links it (`experiment: /experiments/fraud/experiment.yaml`) or that it names (`model:`).
  // Only then is the whole tree listed and its cards read: a rare layout pays, the usual does not.
  const unclaimed = (): string[] => {
    const claimed = new Set(touchedCards().flatMap((c) => manifestsOf(c)));
    return headChanged.map((f) => f.path).filter((p) => isManifest(p) && !claimed.has(p));
  };
  const orphans = unclaimed();
  if (orphans.length > 0 && snapshot.listAll) {
    const elsewhere = (await snapshot.listAll("head"))
      .filter((p) => isCard(p) && !files.has(fileKey("head", p)))
      .slice(0, MAX_LINK_SEARCH_CARDS);
    const request = { files: elsewhere.map((path) => ({ side: "head" as const, path })), dirs: [] };
    if (elsewhere.length > 0) {
      merge(request, await snapshot.read(request));
      rounds++;
    }
    const names = new Set(orphans.map((p) => manifest("head", p)?.model).filter((n) => n));
    for (const p of elsewhere) {
      const c = card("head", p);
      if (c && (orphans.includes(c.experiment ?? "") || (!c.experiment && names.has(c.name))))
        linkedCards.add(p);
    }
    if (linkedCards.size > 0) await readAll(MAX_READ_ROUNDS);
  }

  const headPaths = new Set<string>();
  for (const [key, list] of dirs) if (key.startsWith("head:")) for (const p of list) headPaths.add(p);
  for (const [key, c] of files)
    if (key.startsWith("head:") && c.kind !== "missing") headPaths.add(key.slice(5));

  const findings: Finding[] = [];
  const notes: string[] = [];
  // Speculative reads (any changed .json, files beside a card) may hit data or weights: only a
  // file the engine must parse is an error when it is too large.
  const namedMetricsFiles = new Set<string>();
  for (const key of files.keys()) {
    const path = key.slice(5);
    if (key.startsWith("head:") && isManifest(path)) {
      const m = manifest("head", path);
      if (m?.metricsFile) namedMetricsFiles.add(m.metricsFile);
    }
  }
  const mustParse = (p: string) =>
    isCard(p) || isManifest(p) || namedMetricsFiles.has(p) || alsoRead.includes(p);
  for (const [key, c] of files) {
    const path = key.slice(5);
    if (!key.startsWith("head:") || !mustParse(path)) continue;
    const refusal = refusalOf(path, c);
    // The whole file is refused: annotate its first line, so the finding lands in the diff.
    if (refusal)
      findings.push({ gate: "parse", severity: "error", model: null, file: path, line: 1, ...refusal });
  }

  const withMetricsFile = (m: Manifest | null, side: Side): Manifest | null => {
    if (!m?.metricsFile) return m;
    const t = text(side, m.metricsFile);
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
  };

  const models: ModelContext[] = [];
  const claimedManifests = new Set<string>();
  for (const cardPath of touchedCards()) {
    const head = card("head", cardPath);
    const parsedHead = cardCache.get(fileKey("head", cardPath));
    if (parsedHead)
      findings.push(...parsedHead.findings.map((f) => ({ ...f, model: f.model ?? head?.name ?? null })));
    // A card whose front matter could not be read has no known fields: gating it would only
    // repeat its parse error as missing fields, sections and versions.
    if (!head || parsedHead?.findings.some(isUnreadable)) continue;
    const basePath = basePathOf(cardPath);
    const baseCard = card("base", basePath);
    const manifestPath = manifestsOf(cardPath)[0] ?? null;
    let headManifest: Manifest | null = null;
    let baseManifest: Manifest | null = null;
    if (manifestPath) {
      claimedManifests.add(manifestPath);
      headManifest = withMetricsFile(manifest("head", manifestPath), "head");
      const parsedManifest = manifestCache.get(fileKey("head", manifestPath));
      if (parsedManifest) findings.push(...parsedManifest.findings.map((f) => ({ ...f, model: head.name })));
      const baseManifestPath = baseCard?.experiment ?? basePathOf(manifestPath);
      baseManifest = withMetricsFile(manifest("base", baseManifestPath), "base");
    }
    models.push({ name: head.name, card: head, baseCard, manifest: headManifest, baseManifest, headPaths });
  }

  // SPEC §3.5: an orphan's `model` matches no card. A card in the manifest's folder or above that
  // has that name (though its `experiment` links another file, or dangles) is a match; so is one
  // that could not be read, whose name is unknown: its parse error is the finding to fix.
  const cardsAbove = (path: string): Array<ModelCard | null> => {
    const dirs = new Set(ancestors(dirOf(path)));
    return touchedCards()
      .filter((c) => dirs.has(dirOf(c)))
      .map((c) => {
        const parsed = cardCache.get(fileKey("head", c));
        return parsed?.findings.some(isUnreadable) ? null : card("head", c);
      });
  };
  for (const f of headChanged) {
    if (!isManifest(f.path) || claimedManifests.has(f.path)) continue;
    const parsed = manifestCache.get(fileKey("head", f.path));
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
  const removed = changed.filter((f) => f.status === "removed" && (isCard(f.path) || isManifest(f.path)));
  for (const f of removed)
    if (isCard(f.path)) notes.push(`${f.path} was removed: its model is no longer checked`);
  return {
    models,
    findings,
    changed,
    removed: removed.map((f) => f.path),
    notes,
    rounds,
    headText: (path) => text("head", path),
  };
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

const UNREADABLE = new Set(["parse.yaml", "parse.unsafe", "parse.too-large"]);
const isUnreadable = (f: Finding): boolean => f.severity === "error" && UNREADABLE.has(f.code);

function dedupe(items: Array<{ side: Side; path: string }>): Array<{ side: Side; path: string }> {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = fileKey(i.side, i.path);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
