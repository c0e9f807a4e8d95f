import { covers } from "./dvc-paths.ts";
import type { DvcStage, DvcYaml } from "./parse-dvc-yaml.ts";

/** Source files: a change to one is a change of code, not data (SPEC §1.4). */
const CODE =
  /\.(py|pyx|ipynb|r|rmd|jl|sh|bash|zsh|ps1|js|mjs|ts|java|kt|scala|go|rs|rb|pl|c|cc|cpp|h|hpp|cu|m|sql|lua|swift)$|(^|\/)(makefile|dockerfile|requirements[^/]*\.txt|pyproject\.toml|setup\.py|setup\.cfg|environment\.ya?ml|conda\.ya?ml)$/i;
export const isCodePath = (path: string): boolean => CODE.test(path);

/** What one model of a dvc.yaml depends on, read from its pipeline. */
export interface ModelGraph {
  /** The stage whose outputs hold the artifact, and the stages upstream of it. */
  upstream: DvcStage[];
  /** Stages downstream that read the artifact (evaluation), whose metrics are the model's. */
  evaluation: DvcStage[];
  /** Dependencies of the upstream stages that no stage produces: tracked by `.dvc` files or git. */
  rootDeps: string[];
  /** Data the evaluation stages read, besides the model and code. */
  evalData: string[];
  /** Data the producing stage reads. */
  trainData: string[];
  /** Params files the upstream stages read. */
  paramsFiles: string[];
  /** Metrics files: the dvc.yaml's top-level `metrics:` and the evaluation stages' `metrics:`. */
  metrics: string[];
}

/** Bounded walk of the pipeline (a stage is visited once, so a cycle in a hostile file ends). */
export function modelGraph(dvc: DvcYaml, artifactPath: string): ModelGraph {
  const producer = (path: string): DvcStage | undefined =>
    dvc.stages.find((s) => s.outs.some((o) => covers(o, path) || covers(path, o)));
  const seen = new Set<string>();
  const upstream: DvcStage[] = [];
  const rootDeps = new Set<string>();
  const first = producer(artifactPath);
  const queue = first ? [first] : [];
  while (queue.length > 0) {
    const stage = queue.shift() as DvcStage;
    if (seen.has(stage.name)) continue;
    seen.add(stage.name);
    upstream.push(stage);
    for (const dep of stage.deps) {
      const from = producer(dep);
      if (from && from !== stage) queue.push(from);
      else if (!from) rootDeps.add(dep);
    }
  }
  const evaluation = dvc.stages.filter(
    (s) => !seen.has(s.name) && s.deps.some((d) => covers(d, artifactPath) || covers(artifactPath, d)),
  );
  const dataOf = (stages: DvcStage[]) =>
    stages.flatMap((s) =>
      s.deps.filter((d) => !isCodePath(d) && !covers(d, artifactPath) && !covers(artifactPath, d)),
    );
  const paramsFiles = [...new Set(upstream.flatMap((s) => [...s.params.keys()]))];
  const metrics = [
    ...new Set([
      ...dvc.metrics.map((m) => m.path),
      ...evaluation.flatMap((s) => s.metrics),
      ...upstream.flatMap((s) => s.metrics),
    ]),
  ];
  return {
    upstream,
    evaluation,
    rootDeps: [...rootDeps],
    evalData: [...new Set(dataOf(evaluation))],
    trainData: first ? [...new Set(dataOf([first]))] : [],
    paramsFiles,
    metrics,
  };
}

/** Every path the model depends on: a change under one of them touches the model. */
export function dependencyPaths(graph: ModelGraph): string[] {
  return [
    ...new Set([
      ...graph.upstream.flatMap((s) => [...s.deps, ...s.outs]),
      ...graph.evaluation.flatMap((s) => [...s.deps, ...s.outs]),
      ...graph.paramsFiles,
      ...graph.metrics,
    ]),
  ];
}

/** The `.dvc` file that tracks a path added with `dvc add` or `dvc import`. */
export const dvcFileOf = (path: string): string => `${path}.dvc`;
