import { type Gates, Policy } from "../../../src/core/policy/schema.ts";
import type {
  Artifact,
  CardSection,
  DataRef,
  Manifest,
  MetricValue,
  ModelCard,
  ModelContext,
} from "../../../src/core/types.ts";

/**
 * Builders of complete, valid gate inputs with small overrides, independent of the parsers.
 * Defaults describe one healthy model, `fraud-detector` 2.2.0, whose base and head are equal:
 * every gate passes on `ctx()`, so a test changes only what it is about.
 */

/** A 64-hex sha256 made of one repeated hex digit: `sha("a")`. */
export const sha = (digit: string): string => digit.repeat(64);
/** A 40-hex commit id made of one repeated hex digit: `commit("9")`. */
export const commit = (digit: string): string => digit.repeat(40);

export const DIR = "models/fraud";
export const CARD_FILE = `${DIR}/MODEL_CARD.md`;
export const MANIFEST_FILE = `${DIR}/experiment.yaml`;

const FILLED = "This model scores card transactions for fraud in real time, for analysts to review.";

export function section(title: string, overrides: Partial<CardSection> = {}): CardSection {
  return { title, level: 2, text: FILLED, line: 20, ...overrides };
}

export function metric(overrides: Partial<MetricValue> = {}): MetricValue {
  return {
    type: "auc",
    name: null,
    value: 0.943,
    dataset: "transactions-holdout",
    config: null,
    split: "test",
    slice: null,
    n: 52000,
    ci: null,
    file: CARD_FILE,
    line: 30,
    ...overrides,
  };
}

export function card(overrides: Partial<ModelCard> = {}): ModelCard {
  return {
    file: CARD_FILE,
    name: "fraud-detector",
    version: "2.2.0",
    versionLine: 3,
    owners: [{ name: "alice", contact: null }],
    experiment: MANIFEST_FILE,
    experimentLine: 5,
    fields: {
      name: "fraud-detector",
      version: "2.2.0",
      license: "mit",
      owners: ["alice"],
      experiment: "experiment.yaml",
    },
    fieldLines: { name: 2, version: 3, license: 4, experiment: 5, owners: 6 },
    sections: [
      section("Intended Use", { line: 10 }),
      section("Limitations", { line: 14 }),
      section("Training Data", { line: 18 }),
      section("Evaluation", { line: 22 }),
    ],
    metrics: [metric()],
    ...overrides,
  };
}

export function dataRef(overrides: Partial<DataRef> = {}): DataRef {
  return { name: "transactions", version: "2026-10-31", sha256: sha("1"), uri: null, line: 8, ...overrides };
}

export function artifact(overrides: Partial<Artifact> = {}): Artifact {
  return { path: `${DIR}/model.onnx`, sha256: sha("a"), bytes: 48213311, line: 20, ...overrides };
}

export type ManifestOverrides = Partial<Omit<Manifest, "lineOf">> & {
  /** Line of each dotted path, for `lineOf`; unknown paths have no line. */
  lines?: Record<string, number>;
};

export function manifest(overrides: ManifestOverrides = {}): Manifest {
  const { lines = {}, raw, ...rest } = overrides;
  const m: Omit<Manifest, "raw" | "lineOf"> = {
    file: MANIFEST_FILE,
    model: "fraud-detector",
    run: { id: "exp-7", url: null, tracker: "mlflow" },
    code: { commit: commit("9"), entrypoint: "train.py", seed: 42, line: 3 },
    environment: {
      lockfile: `${DIR}/requirements.lock`,
      image: `ghcr.io/acme/train@sha256:${sha("e")}`,
      line: 4,
    },
    data: {
      train: dataRef({ line: 6 }),
      eval: dataRef({ name: "transactions-holdout", version: "2026-11-01", sha256: sha("2"), line: 7 }),
    },
    params: { learning_rate: 0.01, max_depth: 8 },
    signature: {
      inputs: [
        { name: "amount", type: "float", optional: false },
        { name: "country", type: "string", optional: false },
      ],
      outputs: [{ name: "score", type: "float", optional: false }],
    },
    metrics: [
      metric({ name: null, dataset: "transactions-holdout", split: null, file: MANIFEST_FILE, line: 14 }),
    ],
    metricsDataKey: ["eval"],
    metricsFile: null,
    metricsFileLine: null,
    lockfile: `${DIR}/requirements.lock`,
    baseline: null,
    artifacts: [artifact()],
    ...rest,
  };
  const table = new Map(Object.entries(lines));
  return { ...m, raw: raw ?? rawOf(m), lineOf: (path) => table.get(path) ?? null };
}

/** The raw object a parser would have produced for these fields; null fields are left out. */
function rawOf(m: Omit<Manifest, "raw" | "lineOf">): Record<string, unknown> {
  const data = Object.fromEntries(
    Object.entries(m.data).map(([k, d]) => [
      k,
      compact({ name: d.name, version: d.version, sha256: d.sha256, uri: d.uri }),
    ]),
  );
  return compact({
    model: m.model,
    code: m.code && compact({ commit: m.code.commit, entrypoint: m.code.entrypoint, seed: m.code.seed }),
    environment: m.environment && compact({ lockfile: m.environment.lockfile, image: m.environment.image }),
    data,
    params: m.params,
    signature: m.signature,
    artifacts: m.artifacts.map((a) => compact({ path: a.path, sha256: a.sha256, bytes: a.bytes })),
  });
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

export type ContextOverrides = Partial<ModelContext>;

/** Base and head default to the same card and manifest; `headPaths` holds every file they name. */
export function ctx(overrides: ContextOverrides = {}): ModelContext {
  const c = overrides.card ?? card();
  const m = overrides.manifest === undefined ? manifest() : overrides.manifest;
  const paths = [c.file, c.experiment, m?.file, m?.lockfile, m?.metricsFile].filter(
    (p): p is string => typeof p === "string",
  );
  return {
    name: c.name,
    card: c,
    baseCard: card(),
    manifest: m,
    baseManifest: manifest(),
    headPaths: new Set(paths),
    ...overrides,
  };
}

/** The default gates of SPEC §2 with a few keys replaced. */
export function gates(overrides: Record<string, unknown> = {}): Gates {
  return Policy.parse({ gates: overrides }).gates;
}
