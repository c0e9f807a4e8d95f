import { isRecord } from "../../parse/is-record.ts";
import { parseMetricsFile } from "../../parse/parse-metrics-file.ts";
import type { DataRef, Finding, Manifest, MetricValue, ModelCard, ModelContext } from "../../types.ts";
import { type DvcSide, dvcChanges } from "./dvc-changes.ts";
import type { ModelGraph } from "./dvc-graph.ts";
import type { DvcArtifact, DvcYaml } from "./parse-dvc-yaml.ts";

export interface DvcModelInput {
  dvc: DvcYaml;
  baseDvc: DvcYaml | null;
  artifact: DvcArtifact;
  baseArtifact: DvcArtifact | null;
  graph: ModelGraph;
  head: DvcSide;
  base: DvcSide;
  /** Text of a metrics file at a side, or null when it is not in git. */
  metricsText(side: "head" | "base", path: string): string | null;
  /** A native card beside the artifact, at head and base. */
  card: ModelCard | null;
  baseCard: ModelCard | null;
  /** A native manifest of the model (the card's `experiment`, or beside the artifact), at head and base. */
  manifest: Manifest | null;
  baseManifest: Manifest | null;
  tagsVersion: string | null;
  tagsRead: boolean;
  changedPaths: ReadonlySet<string>;
  headPaths: ReadonlySet<string>;
}

/** SPEC §1.4: one `type: model` artifact of a dvc.yaml as the common model record. */
export function dvcModel(input: DvcModelInput): { model: ModelContext; findings: Finding[] } {
  const { dvc, artifact, graph } = input;
  const findings: Finding[] = [];
  const headMetrics = metricsOf(input, "head", findings);
  const baseMetrics = input.baseArtifact ? metricsOf(input, "base", []) : [];
  const card = input.card ?? syntheticCard(dvc.file, artifact);
  const baseCard = input.baseArtifact
    ? (input.baseCard ?? syntheticCard(dvc.file, input.baseArtifact))
    : null;
  const version = input.card?.version ?? artifact.version;
  const pinned = new Map<string, string>();
  const producer = graph.upstream[0];
  if (producer && input.head.lock?.stages.has(producer.name))
    pinned.set("code.commit", `dvc.lock pins stage ${producer.name}'s command and code by md5`);
  if (graph.trainData.length > 0) pinned.set("data.train.version", "dvc.lock md5 of the training data");
  if (graph.evalData.length > 0) pinned.set("data.eval.version", "dvc.lock md5 of the evaluation data");
  const manifest = syntheticManifest(input, "head", headMetrics);
  if (manifest.artifacts.every((a) => a.md5)) pinned.set("artifacts.sha256", "dvc.lock md5 of the artifact");
  const model: ModelContext = {
    name: artifact.name,
    source: "dvc",
    hasCard: input.card !== null,
    card: { ...card, name: artifact.name, version },
    baseCard: baseCard
      ? { ...baseCard, version: input.baseCard?.version ?? input.baseArtifact?.version ?? input.tagsVersion }
      : null,
    manifest: overlay(input.manifest, manifest),
    baseManifest: input.baseArtifact
      ? overlay(input.baseManifest, syntheticManifest(input, "base", baseMetrics))
      : null,
    headPaths: input.headPaths,
    sourceChanges: input.baseArtifact
      ? dvcChanges(graph, artifact.path ?? "", input.base, input.head, input.changedPaths)
      : [],
    registry:
      version === null && input.tagsRead
        ? { baseVersion: input.tagsVersion, command: `gto register ${artifact.name} {version}` }
        : null,
    pinned,
  };
  return { model, findings };
}

/**
 * SPEC §1.4: a native manifest takes precedence over what dvc.lock says, field by field: each
 * field it gives (run, code's commit, entrypoint and seed, each data key, params, signature,
 * metrics, baseline, artifacts, …) replaces DVC's, and DVC's fill the rest. Its file and lines are
 * the manifest's, so lineage findings point at what a person wrote.
 */
function overlay(native: Manifest | null, dvc: Manifest): Manifest {
  if (native === null) return dvc;
  const rawOf = (m: Manifest, key: string) =>
    isRecord(m.raw[key]) ? (m.raw[key] as Record<string, unknown>) : {};
  const code =
    native.code && dvc.code
      ? {
          commit: native.code.commit ?? dvc.code.commit,
          entrypoint: native.code.entrypoint ?? dvc.code.entrypoint,
          seed: native.code.seed ?? dvc.code.seed,
          line: native.code.line,
        }
      : (native.code ?? dvc.code);
  const hasMetrics = native.metrics.length > 0;
  return {
    ...native,
    model: native.model ?? dvc.model,
    run: native.run ?? dvc.run,
    code,
    environment: native.environment ?? dvc.environment,
    data: { ...dvc.data, ...native.data },
    params: Object.keys(native.params).length > 0 ? native.params : dvc.params,
    signature: native.signature ?? dvc.signature,
    metrics: hasMetrics ? native.metrics : dvc.metrics,
    metricsDataKey: hasMetrics ? native.metricsDataKey : dvc.metricsDataKey,
    artifacts: native.artifacts.length > 0 ? native.artifacts : dvc.artifacts,
    raw: {
      ...dvc.raw,
      ...native.raw,
      code: { ...rawOf(dvc, "code"), ...rawOf(native, "code") },
      data: { ...rawOf(dvc, "data"), ...rawOf(native, "data") },
      params: Object.keys(native.params).length > 0 ? native.raw.params : dvc.raw.params,
    },
  };
}

/** A model with no card: what dvc.yaml says of it, so findings point at its entry. */
function syntheticCard(file: string, a: DvcArtifact): ModelCard {
  const fields: Record<string, unknown> = { desc: a.desc, labels: a.labels, meta: a.meta, type: a.type };
  return {
    file,
    name: a.name,
    version: a.version,
    versionLine: a.versionLine ?? a.line,
    owners: [],
    experiment: null,
    experimentLine: null,
    fields,
    fieldLines: { name: a.line ?? 1 },
    sections: [],
    metrics: [],
  };
}

function metricsOf(input: DvcModelInput, side: "head" | "base", findings: Finding[]): MetricValue[] {
  const out: MetricValue[] = [];
  for (const path of input.graph.metrics) {
    const text = input.metricsText(side, path);
    if (text === null) {
      if (side === "head") findings.push(notInGit(input, path));
      continue;
    }
    const parsed = parseMetricsFile(path, text, { dataset: null });
    if (side === "head") findings.push(...parsed.findings.map((f) => ({ ...f, model: input.artifact.name })));
    out.push(...(parsed.value ?? []));
  }
  return out;
}

/** SPEC §1.4: a listed metrics file that is DVC-cached, not in git, is said, never passed in silence. */
function notInGit(input: DvcModelInput, path: string): Finding {
  const line = input.dvc.metrics.find((m) => m.path === path)?.line ?? input.artifact.line ?? 1;
  return {
    gate: "evaluation",
    code: "eval.metrics-not-in-git",
    severity: "notice",
    model: input.artifact.name,
    file: input.dvc.file,
    line,
    message: `${path}: metrics not in git: run modelgate in CI after \`dvc pull\` (modelgate ci), or keep the file in git (cache: false)`,
  };
}

function syntheticManifest(input: DvcModelInput, side: "head" | "base", metrics: MetricValue[]): Manifest {
  const s = side === "head" ? input.head : input.base;
  const artifact = side === "head" ? input.artifact : (input.baseArtifact ?? input.artifact);
  const hashes = (paths: string[]): DataRef | null => {
    if (paths.length === 0) return null;
    const all = [...(s.lock?.stages.values() ?? [])].flatMap((st) => [...st.deps, ...st.outs]);
    const version = paths
      .map((p) => all.find((l) => l.path === p)?.hash ?? s.dvcFiles.get(p)?.outs[0]?.hash ?? "?")
      .join(",");
    // No name: train and evaluation stages often read one folder that the code splits.
    return { name: null, version, sha256: null, uri: paths.join(", "), line: null };
  };
  const data: Record<string, DataRef> = {};
  const train = hashes(input.graph.trainData);
  const evalData = hashes(input.graph.evalData);
  if (train) data.train = train;
  if (evalData) data.eval = evalData;
  const producer = input.graph.upstream[0];
  const lock = producer ? s.lock?.stages.get(producer.name) : undefined;
  const params: Record<string, unknown> = {};
  for (const st of input.graph.upstream) Object.assign(params, s.lock?.stages.get(st.name)?.params ?? {});
  const md5 =
    (artifact.path && lock?.outs.find((o) => o.path === artifact.path)?.hash) ||
    (artifact.path && s.dvcFiles.get(artifact.path)?.outs[0]?.hash) ||
    null;
  const artifacts = [{ path: artifact.path, sha256: null, md5, bytes: null, line: artifact.line }];
  const raw = { run: { tracker: "dvc" }, code: { entrypoint: lock?.cmd ?? null }, data, params, artifacts };
  return {
    file: input.dvc.file.replace(/dvc\.yaml$/, "dvc.lock"),
    model: artifact.name,
    run: { id: null, url: null, tracker: "dvc" },
    code: { commit: null, entrypoint: lock?.cmd ?? null, seed: null, line: null },
    environment: null,
    data,
    params,
    signature: null,
    metrics,
    metricsDataKey: metrics.map(() => "eval"),
    metricsFile: null,
    metricsFileLine: null,
    lockfile: null,
    baseline: null,
    artifacts,
    raw,
    lineOf: () => null,
  };
}
