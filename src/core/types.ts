/**
 * The shared vocabulary of the core: findings, the repository port, and the parsed artifacts.
 * Pure types only; every module in src/core speaks these.
 */

import type { SourceName } from "./sources/source-names.ts";

export type { SourceName };

export type Severity = "error" | "warning" | "notice";

/** The four gates of SPEC §3, in the order they are reported. */
export const GATE_NAMES = ["documentation", "versioning", "lineage", "evaluation"] as const;
export type GateName = (typeof GATE_NAMES)[number];

/** Findings about parsing or the policy itself belong to pseudo-gates. */
export type FindingGate = GateName | "parse" | "policy";

export interface Finding {
  gate: FindingGate;
  /** Stable code from SPEC §3, e.g. `eval.regression`. */
  code: string;
  severity: Severity;
  /** Model name, or null when the finding is not about one model (a policy error). */
  model: string | null;
  /** Repository-relative POSIX path, or null. */
  file: string | null;
  /** 1-based line of the offending node in `file`, or null when none exists. */
  line: number | null;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// The repository port

export type FileStatus = "added" | "modified" | "removed" | "renamed";

export interface ChangedFile {
  path: string;
  status: FileStatus;
  /** For renames: the path at the base commit. */
  previousPath?: string;
}

export type Side = "base" | "head";

/** A file read from one side of the PR. */
export type FileContent =
  | { kind: "text"; text: string }
  /** Over the size limit: not downloaded; `bytes` is its size. */
  | { kind: "too-large"; bytes: number }
  /** Not text (a NUL byte, or GitHub says so): never parsed, and never called too large. */
  | { kind: "binary"; bytes: number }
  /** Refused unread (SPEC §1.3): `reason` completes "PATH …", e.g. "is a symbolic link". */
  | { kind: "refused"; reason: string }
  /** Not present at that ref. */
  | { kind: "missing" };

/**
 * Everything the engine may ask about a pull request's files. One GitHub-backed implementation
 * (batched GraphQL), one folder-backed implementation (CLI) and in-memory fakes in tests.
 * Each `read` call should cost one round trip, whatever the number of paths: the engine makes
 * at most three, so a PR touching 50 models costs what a PR touching one does.
 */
export interface RepoSnapshot {
  /** Files changed between base and head, with renames. */
  changedFiles(): Promise<ChangedFile[]>;
  /** Read files and list folders, from either side, in one batch. */
  read(request: ReadRequest): Promise<ReadResult>;
  /**
   * Every file path at that side. Asked only when a changed manifest has no card in its folder or
   * above, to find a card elsewhere that links it; a snapshot without it reports such manifests
   * as orphans.
   */
  listAll?(side: Side): Promise<string[]>;
}

export interface ReadRequest {
  files: ReadonlyArray<{ side: Side; path: string }>;
  /**
   * Folders to list, one level deep ("" is the repository root). With `contents`, a backend that
   * can do it cheaply (GitHub's tree entries) also returns the folder's files in `files`: a model's
   * folder then costs one round trip instead of two.
   */
  dirs: ReadonlyArray<{ side: Side; path: string; contents?: boolean; folders?: boolean }>;
  /**
   * Tag-name prefixes (`fraud-detector@`): the repository's tags that start with one of them come
   * back in `tags`. Asked in the same batch as files, so a registry of versions costs no request.
   */
  tags?: readonly string[];
}

export interface ReadResult {
  /** Keyed by `fileKey(side, path)`; may hold more than was asked (the contents of listed folders). */
  files: Map<string, FileContent>;
  /** Keyed by `fileKey(side, dir)`: the repository paths of the files directly in that folder (empty when it does not exist). */
  dirs: Map<string, string[]>;
  /** Keyed by `fileKey(side, dir)` for dirs asked with `folders`: the paths of its sub-folders. */
  folders?: Map<string, string[]>;
  /** The tags that start with a requested prefix (a backend without tags leaves it out). */
  tags?: string[];
}

export const fileKey = (side: Side, path: string): string => `${side}:${path}`;

// ---------------------------------------------------------------------------------------------
// Parsed artifacts

/** A metric value as read from a card or a manifest, before gating. */
export interface MetricValue {
  /** Hugging Face `type`, or the manifest's `name`. Never empty. */
  type: string;
  /** Hugging Face `name` (display name), when different from `type`. */
  name: string | null;
  value: number;
  /** Dataset identity, used for pairing base and head. */
  dataset: string | null;
  config: string | null;
  split: string | null;
  /** e.g. `region=EU`; null for the whole eval set. */
  slice: string | null;
  /** Sample size. */
  n: number | null;
  /** 95 % confidence interval. */
  ci: [number, number] | null;
  /** Where it was read. */
  file: string;
  line: number | null;
  /**
   * The version of the eval data it was scored on (a Hugging Face evaluation result's
   * `dataset.revision`): paired values whose revisions differ are not comparable (SPEC §1.4, §3.4).
   */
  revision?: string | null;
  /**
   * True when the source knows no direction for it (a Hugging Face evaluation result, SPEC §1.4):
   * only a rule gives one, so without a rule a change is shown, never judged better or worse.
   */
  directionless?: boolean;
}

export interface CardSection {
  /** Heading text as written. */
  title: string;
  /** 1, 2, … for #, ##, … */
  level: number;
  /** Text down to the next heading of the same or higher level, HTML comments removed. */
  text: string;
  line: number;
}

export interface Owner {
  /** A GitHub login, an `@org/team`, or a person's name. */
  name: string;
  contact: string | null;
}

export interface ModelCard {
  file: string;
  /** Resolved identity: `name`, then `model-index[0].name`, then the parent folder's name. */
  name: string;
  /** Raw version string as written (not validated here), or null. */
  version: string | null;
  versionLine: number | null;
  owners: Owner[];
  /** The `experiment` key, resolved to a repository path (null when absent or unsafe). */
  experiment: string | null;
  experimentLine: number | null;
  /** Every top-level front-matter key, for `required_fields`. */
  fields: Record<string, unknown>;
  /** Line of each top-level key. */
  fieldLines: Record<string, number>;
  sections: CardSection[];
  metrics: MetricValue[];
}

export interface DataRef {
  name: string | null;
  version: string | null;
  sha256: string | null;
  uri: string | null;
  line: number | null;
}

export interface SignatureField {
  name: string;
  type: string | null;
  /** `optional: true` or `required: false` in the manifest. */
  optional: boolean;
}

export interface Artifact {
  path: string | null;
  sha256: string | null;
  /** DVC's md5 (32 hex, a folder's with `.dir`): pinned too (SPEC §1.4). */
  md5?: string | null;
  bytes: number | null;
  line: number | null;
}

export interface Manifest {
  file: string;
  /** The `model` key, or null. */
  model: string | null;
  run: { id: string | null; url: string | null; tracker: string | null } | null;
  code: {
    commit: string | null;
    entrypoint: string | null;
    seed: number | string | null;
    line: number | null;
  } | null;
  environment: { lockfile: string | null; image: string | null; line: number | null } | null;
  /** Keys of `data` (train, eval, …). */
  data: Record<string, DataRef>;
  params: Record<string, unknown>;
  signature: { inputs: SignatureField[]; outputs: SignatureField[] } | null;
  /** From `metrics` and `metrics_file` (flattened keys), each with `dataset` = its data key's name. */
  metrics: MetricValue[];
  /** Which data key each metric was scored on (default `eval`), parallel to `metrics`. */
  metricsDataKey: string[];
  /** `metrics_file` resolved to a repository path, or null. */
  metricsFile: string | null;
  metricsFileLine: number | null;
  /** `environment.lockfile` resolved to a repository path, or null. */
  lockfile: string | null;
  baseline: { version: string | null; metrics: MetricValue[]; line: number | null } | null;
  artifacts: Artifact[];
  /** The raw parsed object, for `lineage.required` lookups by dotted path. */
  raw: Record<string, unknown>;
  /** Line of a dotted path (`data.train.version`), or null. */
  lineOf(path: string): number | null;
}

/** Result of parsing any file: a value (possibly partial) and its findings. Never throws. */
export interface Parsed<T> {
  value: T | null;
  findings: Finding[];
}

// ---------------------------------------------------------------------------------------------
// What the gates see and return

/** Kinds of change between base and head (SPEC §3.3), in the order they are reported. */
export const CHANGE_KINDS = ["signature", "data", "params", "artifacts", "metrics", "code"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One model as the gates see it: its card and manifest at head and (when it existed) at base. */
export interface ModelContext {
  name: string;
  /** The format it was read from (SPEC §1.4); `native` when left out. */
  source?: SourceName;
  /**
   * False for a model of another tool (DVC, MLflow) that has no card beside it: `card` then holds
   * what that tool's files say, and documentation asks for a card (doc.missing-card) instead of
   * its fields and sections.
   */
  hasCard?: boolean;
  /** Kinds of change the source read from its own files (dvc.lock), besides what card and manifest show. */
  sourceChanges?: readonly ChangeKind[];
  /**
   * Versions kept by a registry of tags (GTO) instead of a `version` key: the base version is the
   * registry's highest, and the version to register after merge is a notice, not a missing field.
   */
  registry?: { baseVersion: string | null; command: string } | null;
  /** Required lineage paths the source pins by its own means (`data.train.version` → "md5 in dvc.lock"). */
  pinned?: ReadonlyMap<string, string>;
  card: ModelCard;
  /** The same card at the base commit (following a rename); null for a new model. */
  baseCard: ModelCard | null;
  /** The head manifest linked to the card (by `experiment`, or by `model` = card name). */
  manifest: Manifest | null;
  baseManifest: Manifest | null;
  /** Paths known to exist in the head tree; contains every path a card or manifest refers to that exists. */
  headPaths: ReadonlySet<string>;
}

export type MetricStatus =
  | "ok"
  | "improved"
  | "regression"
  | "not-significant"
  | "below-min"
  | "above-max"
  | "new"
  | "not-comparable"
  | "low-n"
  /** No rule names the metric and it got worse beyond noise (`eval.unguarded-drop`, a warning). */
  | "unguarded-drop";

/** One line of the metric diff table (SPEC §5 `metrics[]`). */
export interface MetricRow {
  model: string;
  name: string;
  slice: string | null;
  /** The value's dataset, config and split, as the card or run wrote them. */
  dataset: string | null;
  config: string | null;
  split: string | null;
  /**
   * What tells this row apart from the model's other rows of the same metric and slice (its
   * display name, dataset, config or split, e.g. "common_voice · en"); null when nothing must.
   */
  context: string | null;
  base: number | null;
  head: number | null;
  delta: number | null;
  status: MetricStatus;
}

export interface EvaluationResult {
  findings: Finding[];
  metrics: MetricRow[];
  /** Plain sentences for the report, e.g. "no baseline: absolute bounds only". */
  notes: string[];
}
