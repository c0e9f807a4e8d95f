import type { z } from "zod";
import { Gates } from "../../../src/core/policy/schema.ts";
import type { DataRef, Manifest, MetricValue, ModelCard, ModelContext } from "../../../src/core/types.ts";

/**
 * Builders for the evaluation gate, independent of the parsers: one model, `fraud-detector`,
 * described per side by the metric values of its card and its run (manifest).
 */

export const CARD_FILE = "models/fraud/MODEL_CARD.md";
export const MANIFEST_FILE = "models/fraud/experiment.yaml";
export const EVAL_DATA: DataRef = {
  name: "transactions-holdout",
  version: "2026-11-01",
  sha256: "a".repeat(64),
  uri: null,
  line: 8,
};

/** A run (manifest) value: `run("auc", 0.943, { slice: "region=EU", n: 12000 })`. */
export function run(type: string, value: number, extra: Partial<MetricValue> = {}): MetricValue {
  return {
    type,
    name: null,
    value,
    dataset: EVAL_DATA.name,
    config: null,
    split: null,
    slice: null,
    n: null,
    ci: null,
    file: MANIFEST_FILE,
    line: 14,
    ...extra,
  };
}

/** A card (model-index) value, e.g. with a display `name` and a split. */
export function cardValue(type: string, value: number, extra: Partial<MetricValue> = {}): MetricValue {
  return run(type, value, { file: CARD_FILE, line: 30, ...extra });
}

/** One side of the PR. `run: null` means no manifest. */
export interface SideSpec {
  version?: string | null;
  card?: MetricValue[];
  run?: MetricValue[] | null;
  /** `data` key of each run value, parallel to `run`; default `eval`. */
  dataKeys?: string[];
  data?: Record<string, Partial<DataRef>>;
  baseline?: { version: string | null; metrics: MetricValue[] } | null;
}

export function modelCard(side: SideSpec): ModelCard {
  return {
    file: CARD_FILE,
    name: "fraud-detector",
    version: side.version === undefined ? "2.2.0" : side.version,
    versionLine: 3,
    owners: [],
    experiment: MANIFEST_FILE,
    experimentLine: 5,
    fields: {},
    fieldLines: { "model-index": 12 },
    sections: [],
    metrics: side.card ?? [],
  };
}

export function manifest(side: SideSpec): Manifest | null {
  if (side.run === null) return null;
  const metrics = side.run ?? [];
  const data: Record<string, DataRef> = { eval: EVAL_DATA };
  for (const [key, ref] of Object.entries(side.data ?? {})) data[key] = { ...EVAL_DATA, ...ref };
  return {
    file: MANIFEST_FILE,
    model: "fraud-detector",
    run: null,
    code: null,
    environment: null,
    data,
    params: {},
    signature: null,
    metrics,
    metricsDataKey: metrics.map((_, i) => side.dataKeys?.[i] ?? "eval"),
    metricsFile: null,
    metricsFileLine: null,
    lockfile: null,
    baseline: side.baseline === undefined || side.baseline === null ? null : { ...side.baseline, line: 20 },
    artifacts: [],
    raw: {},
    lineOf: (path) => (path === "metrics" ? 13 : null),
  };
}

/** A model context; `base: null` is a new model. */
export function evalCtx(head: SideSpec, base: SideSpec | null): ModelContext {
  return {
    name: "fraud-detector",
    card: modelCard(head),
    baseCard: base === null ? null : modelCard(base),
    manifest: manifest(head),
    baseManifest: base === null ? null : manifest(base),
    headPaths: new Set(),
  };
}

export type EvaluationInput = NonNullable<z.input<typeof Gates>["evaluation"]>;

/** The resolved gates with an evaluation section: defaults for what it leaves out. */
export function evalGates(evaluation: EvaluationInput = {}): Gates {
  return Gates.parse({ evaluation });
}
