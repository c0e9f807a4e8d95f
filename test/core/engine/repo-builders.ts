import type { Tree } from "./memory-snapshot.ts";

/**
 * Texts of small, healthy repositories for engine and CLI tests. `model()` is one model that
 * passes every default gate: a Markdown card with the required fields and sections, linked by
 * `experiment` to a manifest with pinned lineage and a DVC-style metrics file. A test changes
 * only what it is about.
 */

const hex = (digit: string, length: number): string => digit.repeat(length);

export interface ModelSpec {
  name: string;
  version?: string;
  /** The card's `experiment` key; null leaves it out (the manifest is found by `model`). */
  experiment?: string | null;
  /** `params.learning_rate`. */
  learningRate?: number;
  /** The value of `auc` in metrics.json. */
  auc?: number;
  /** Extra text appended to the card's body. */
  prose?: string;
}

const SECTION = "This paragraph is long enough to count as a real section of the card, not a placeholder.";

export function cardText(spec: ModelSpec): string {
  const experiment = spec.experiment === undefined ? "experiment.yaml" : spec.experiment;
  return [
    "---",
    `name: ${spec.name}`,
    `version: ${spec.version ?? "1.0.0"}`,
    "license: mit",
    'owners: ["@acme/ml"]',
    ...(experiment === null ? [] : [`experiment: ${experiment}`]),
    "---",
    "",
    `# ${spec.name}`,
    "",
    "## Intended use",
    "",
    SECTION,
    "",
    "## Limitations",
    "",
    SECTION,
    "",
    "## Training data",
    "",
    SECTION,
    "",
    "## Evaluation",
    "",
    SECTION,
    ...(spec.prose ? ["", spec.prose] : []),
    "",
  ].join("\n");
}

export function manifestText(spec: ModelSpec): string {
  return [
    `model: ${spec.name}`,
    `code: { commit: ${hex("a", 40)}, entrypoint: train.py, seed: 7 }`,
    "data:",
    `  train: { name: events, version: 2026-01-01, sha256: ${hex("1", 64)} }`,
    `  eval: { name: events-holdout, version: 2026-01-02, sha256: ${hex("2", 64)} }`,
    `params: { learning_rate: ${spec.learningRate ?? 0.1} }`,
    "metrics_file: metrics.json",
    "artifacts:",
    `  - { path: model.onnx, sha256: ${hex("3", 64)} }`,
    "",
  ].join("\n");
}

export const metricsText = (spec: ModelSpec): string => `${JSON.stringify({ auc: spec.auc ?? 0.9 })}\n`;

/** One model in `dir`: card, manifest, metrics file. */
export function model(dir: string, spec: ModelSpec): Tree {
  return {
    [`${dir}/MODEL_CARD.md`]: cardText(spec),
    [`${dir}/experiment.yaml`]: manifestText(spec),
    [`${dir}/metrics.json`]: metricsText(spec),
  };
}

/** `n` healthy models `m0`…`m{n-1}` under models/. */
export function models(n: number, spec: Omit<ModelSpec, "name"> = {}): Tree {
  return Object.assign(
    {},
    ...Array.from({ length: n }, (_, i) => model(`models/m${i}`, { ...spec, name: `m${i}` })),
  );
}

export const README: Tree = { "README.md": "# ml-platform\n" };
