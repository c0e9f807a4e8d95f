import type { Policy } from "../policy/schema.ts";
import type {
  ChangedFile,
  FileContent,
  Finding,
  Manifest,
  ModelCard,
  ModelContext,
  Parsed,
  Side,
} from "../types.ts";
import type { SourceName } from "./source-names.ts";

/** What a source asks to read next. Every source's asks of one round go out in one batch. */
export interface SourceNeed {
  files: Array<{ side: Side; path: string }>;
  dirs: Array<{ side: Side; path: string; contents?: boolean; folders?: boolean }>;
  /** Tag-name prefixes (GTO's `NAME@`). */
  tags?: string[];
}

/**
 * Everything read so far, shared by the sources. A source never reads on its own: it says what it
 * needs (`need`), the engine reads what all sources need in one batch, and asks again, at most
 * MAX_READ_ROUNDS times. So a format added costs no request, only aliases in the same batches.
 */
export interface SourceView {
  readonly policy: Policy;
  /** Files the PR changes (ignored ones left out). */
  readonly changed: readonly ChangedFile[];
  /** Changed files that exist at head. */
  readonly headChanged: readonly ChangedFile[];
  /** Head files passed by the caller to read when changed (the policy). */
  readonly alsoRead: readonly string[];
  /** The base path of a head path (a rename's previous path). */
  basePathOf(headPath: string): string;
  /** True when the PR does not touch the path: it is the same at base and head. */
  unchanged(path: string): boolean;
  /** undefined until asked for. */
  content(side: Side, path: string): FileContent | undefined;
  text(side: Side, path: string): string | null;
  /** The files directly in a folder; undefined until listed. */
  listed(side: Side, dir: string): string[] | undefined;
  /** The sub-folders of a folder listed with `folders`; undefined until then. */
  folders(side: Side, dir: string): string[] | undefined;
  /** Tags read so far (empty until asked for). */
  tags(): readonly string[];
  /** Whether tags were asked for. */
  tagsRead(): boolean;
  /** Paths of every file read, per side. */
  readPaths(side: Side): Iterable<string>;
  /** Policy globs. */
  isCard(path: string): boolean;
  isManifest(path: string): boolean;
  /** Parsed once, shared by all sources. */
  card(side: Side, path: string): Parsed<ModelCard> | null;
  manifest(side: Side, path: string): Parsed<Manifest> | null;
  /** Paths known to exist in the head tree (listed folders and read files). */
  headPaths(): ReadonlySet<string>;
}

export interface SourceYield {
  models: ModelContext[];
  findings: Finding[];
  notes: string[];
  /** Files of this format the PR deletes: a change to a model, though none is left to gate. */
  removed: string[];
  /** Card paths this source's models use: no other source makes a model of them. */
  claims: string[];
}

/** One format: files in, the common model record out (STYLE "sources/"). */
export interface Source {
  readonly name: SourceName;
  /** What to read next, given what is known; an empty need when done. Called once a round. */
  need(view: SourceView): SourceNeed;
  /**
   * A file of this format that the engine must parse, so that its being too large is an error
   * (speculative reads, e.g. any JSON beside a card, may hit weights or data).
   */
  mustParse(view: SourceView, path: string): boolean;
  /**
   * After the rounds: files to look for in the whole head tree (the rare manifest whose card is
   * elsewhere). Returns what to read then, or null.
   */
  search?(view: SourceView, listAll: () => Promise<string[]>): Promise<SourceNeed | null>;
  /** The models, given what was read. `claimed`: cards other sources already use. */
  collect(view: SourceView, claimed: ReadonlySet<string>): SourceYield;
}

export const emptyNeed = (): SourceNeed => ({ files: [], dirs: [] });

export const dirOf = (p: string): string => (p.includes("/") ? p.slice(0, p.lastIndexOf("/")) : "");
export const baseName = (p: string): string => p.slice(p.lastIndexOf("/") + 1);

/** A folder and every folder above it, up to the root (""). */
export const ancestors = (dir: string): string[] => {
  const out = [dir];
  for (let d = dir; d !== ""; ) {
    d = dirOf(d);
    out.push(d);
  }
  return out;
};

/**
 * Asks for a file at head, and at base when the PR touches it (an untouched file is read once
 * and serves both sides).
 */
export function askFile(view: SourceView, need: SourceNeed, path: string): void {
  if (view.content("head", path) === undefined) need.files.push({ side: "head", path });
  if (view.unchanged(path)) return;
  const base = view.basePathOf(path);
  if (view.content("base", base) === undefined) need.files.push({ side: "base", path: base });
}
