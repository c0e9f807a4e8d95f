/**
 * Generated model repositories for the benchmarks: a base tree and a head tree in which some
 * models were retrained. Every model has what a real one has (a card with model-index, an
 * experiment manifest, a DVC-style metrics file, a lockfile), so that every gate runs and every
 * read the App makes is a read it would make on a real PR. Deterministic: same sizes, same bytes.
 */

export interface RepoShape {
  /** Models in the repository. */
  models: number;
  /** Models whose files change between base and head (the first ones). */
  changed: number;
  /** Metrics per model in the card's model-index… */
  metrics: number;
  /** …each reported overall and on this many slices. */
  slices: number;
  /** Extra changed files outside any model folder (docs), to reach a given PR size. */
  extraFiles?: number;
}

export type Tree = Map<string, string>;

export interface GeneratedRepo {
  base: Tree;
  head: Tree;
  /** Paths that differ between base and head. */
  changedPaths: string[];
}

/** Rules for every generated metric: compared with a tolerance, per slice, so that the evaluation gate does real work. */
export const BENCH_POLICY = `version: 1
gates:
  evaluation:
    metrics:
      - { name: "metric_*", direction: higher, max_drop: 0.05, slices: true }
      - { name: latency_p99_ms, direction: lower, max: 100 }
    slices: { max_drop: 0.08, min_n: 100 }
    significance: { confidence: 0.95, when_unknown: warn }
`;

export const modelDir = (i: number): string => `models/model-${String(i).padStart(4, "0")}`;

export function generateRepo(shape: RepoShape): GeneratedRepo {
  const base: Tree = new Map([[".github/modelgate.yml", BENCH_POLICY]]);
  const head: Tree = new Map(base);
  for (let i = 0; i < shape.models; i++) {
    const retrained = i < shape.changed;
    for (const [path, text] of modelFiles(i, shape, "base")) base.set(path, text);
    for (const [path, text] of modelFiles(i, shape, retrained ? "head" : "base")) head.set(path, text);
  }
  for (let i = 0; i < (shape.extraFiles ?? 0); i++) {
    head.set(`docs/notes/note-${String(i).padStart(4, "0")}.md`, `# Note ${i}\n\nRelease notes.\n`);
  }
  const changedPaths = [...head.keys()].filter((p) => base.get(p) !== head.get(p)).sort();
  return { base, head, changedPaths };
}

/** The files of one model, in its base state or retrained (new version, shifted scores, new training data, same eval data). */
export function modelFiles(i: number, shape: RepoShape, side: "base" | "head"): Tree {
  const dir = modelDir(i);
  const name = `model-${String(i).padStart(4, "0")}`;
  const retrained = side === "head";
  // A small, deterministic improvement: the gates pass, so the PR takes the full path to a green check.
  const shift = retrained ? 0.004 : 0;
  const version = retrained ? "1.3.0" : "1.2.0";
  const dataVersion = retrained ? "2026-11-01" : "2026-10-01";
  return new Map([
    [`${dir}/MODEL_CARD.md`, card(name, version, shape, i, shift)],
    [`${dir}/experiment.yaml`, manifest(name, dataVersion, i, retrained)],
    [`${dir}/metrics.json`, `{\n  "latency_p99_ms": ${40 + (i % 7)},\n  "throughput_rps": ${900 + i}\n}\n`],
    [`${dir}/requirements.lock`, "numpy==2.1.3\nscikit-learn==1.5.2\n"],
  ]);
}

/** Score of metric m on slice s (−1 = overall) of model i: varied, stable, in (0.6, 0.99). */
function score(i: number, m: number, s: number, shift: number): string {
  const raw = 0.6 + (((i * 31 + m * 17 + (s + 1) * 7) % 97) / 97) * 0.35 + shift;
  return raw.toFixed(4);
}

function card(name: string, version: string, shape: RepoShape, i: number, shift: number): string {
  const lines: string[] = [];
  for (let m = 0; m < shape.metrics; m++) {
    lines.push(`          - { type: metric_${m}, value: ${score(i, m, -1, shift)}, n: 20000 }`);
    for (let s = 0; s < shape.slices; s++)
      lines.push(
        `          - { type: metric_${m}, value: ${score(i, m, s, shift)}, slice: segment=${s}, n: 1000 }`,
      );
  }
  return `---
name: ${name}
version: ${version}
license: apache-2.0
owners: ["@acme/ml-platform"]
experiment: experiment.yaml
model-index:
  - name: ${name}
    results:
      - task: { type: tabular-classification }
        dataset: { name: holdout, split: test }
        metrics:
${lines.join("\n")}
---

# ${name}

## Intended use

Scores records of the ${name} workload for the downstream ranking service, in batch and online.

## Limitations

Accuracy drops on segments with fewer than a thousand examples in training; retrain monthly.

## Training data

Twelve months of labelled records, de-duplicated per entity and day, personal data removed.

## Evaluation

Metrics on the held-out month, overall and per segment, with sample sizes.
`;
}

function manifest(name: string, dataVersion: string, i: number, retrained: boolean): string {
  const hex = (seed: number, len: number) =>
    Array.from({ length: len }, (_, k) => ((seed * 7 + k * 13) % 16).toString(16)).join("");
  const run = retrained ? 2 : 1;
  return `model: ${name}
run: { id: run-${i}-${run}, url: "https://mlflow.acme.example/#/runs/${i}-${run}", tracker: mlflow }
code: { commit: ${hex(i + run, 40)}, entrypoint: train.py, seed: 42 }
environment: { lockfile: requirements.lock }
data:
  train: { name: records, version: ${dataVersion}, sha256: ${hex(i + run + 1, 64)} }
  eval: { name: holdout, version: 2026-09-30, sha256: ${hex(i + 2, 64)} }
metrics_file: metrics.json
artifacts:
  - { path: model.onnx, sha256: ${hex(i + run + 3, 64)}, bytes: 1048576 }
`;
}
