import type { DataRef, Manifest, Parsed } from "../types.ts";
import { condenseFindings } from "./condense-findings.ts";
import { describeValue } from "./describe-value.ts";
import { isRecord } from "./is-record.ts";
import { createIssueSink, type IssueSink } from "./issue-sink.ts";
import { type KeyPath, splitKeyPath } from "./key-path.ts";
import { DataEntry, ManifestTop } from "./manifest-schema.ts";
import { type SourceText, scalarText } from "./raw-scalar.ts";
import { readArtifacts } from "./read-artifacts.ts";
import { readManifestMetrics } from "./read-manifest-metrics.ts";
import { readSignature } from "./read-signature.ts";
import { readWithSchema } from "./read-with-schema.ts";
import { resolveRepoPath } from "./resolve-repo-path.ts";
import { parseYamlSafe } from "./safe-yaml.ts";

/**
 * Reads an experiment manifest (SPEC §1.2, YAML or JSON). A field of the wrong type is reported
 * with its key path and line and treated as absent; the rest is still read. Value is null only
 * when the file is not a YAML/JSON mapping at all. Never throws.
 */
export function parseManifest(file: string, text: string): Parsed<Manifest> {
  const yaml = parseYamlSafe({ file, text });
  if (yaml.findings.length > 0) return { value: null, findings: condenseFindings(yaml.findings) };
  const sink = createIssueSink(file, yaml.lineOf);
  if (!isRecord(yaml.value)) {
    sink.schema(
      [],
      `expected a mapping of keys (model, code, data, metrics, …), got ${describeValue(yaml.value)}`,
    );
    return { value: null, findings: sink.findings };
  }
  const src: SourceText = { lines: text.split(/\r?\n/), lineOf: yaml.lineOf };
  const top: ManifestTop = readWithSchema(ManifestTop, yaml.value, [], sink) ?? {};
  const data = readData(top.data, sink, src);
  const metrics = readManifestMetrics(top.metrics, ["metrics"], data, sink, src);
  const model = scalarText(top.model, ["model"], src)?.trim() || null;
  const manifest: Manifest = {
    file,
    model,
    run: readRun(top.run, src),
    code: readCode(top.code, sink, src),
    environment: readEnvironment(top.environment, sink),
    data,
    params: top.params ?? {},
    signature: readSignature(top.signature, sink, src),
    metrics: metrics.values,
    metricsDataKey: metrics.dataKeys,
    metricsFile: resolveRef(top.metrics_file, ["metrics_file"], sink),
    metricsFileLine: top.metrics_file == null ? null : sink.lineOf(["metrics_file"]),
    lockfile: resolveRef(top.environment?.lockfile, ["environment", "lockfile"], sink),
    baseline: readBaseline(top.baseline, data, sink, src),
    artifacts: readArtifacts(top.artifacts, sink, src),
    raw: yaml.value,
    lineOf: (dotted) => yaml.lineOf(splitKeyPath(dotted)),
  };
  return { value: manifest, findings: sink.findings.map((f) => ({ ...f, model })) };
}

function readRun(run: ManifestTop["run"], src: SourceText): Manifest["run"] {
  if (run == null) return null;
  return { id: scalarText(run.id, ["run", "id"], src), url: run.url ?? null, tracker: run.tracker ?? null };
}

/** As written; `lockfile` (the resolved path) is read apart. */
function readEnvironment(env: ManifestTop["environment"], sink: IssueSink): Manifest["environment"] {
  if (env == null) return null;
  return { lockfile: env.lockfile ?? null, image: env.image ?? null, line: sink.lineOf(["environment"]) };
}

function readCode(code: ManifestTop["code"], sink: IssueSink, src: SourceText): Manifest["code"] {
  if (code == null) return null;
  return {
    // A commit of digits only is a number to YAML; keep it as written.
    commit: scalarText(code.commit, ["code", "commit"], src),
    entrypoint: code.entrypoint ?? null,
    seed: code.seed ?? null,
    line: sink.lineOf(["code"]),
  };
}

function readData(data: ManifestTop["data"], sink: IssueSink, src: SourceText): Record<string, DataRef> {
  if (data == null) return {};
  // fromEntries, not assignment: a `__proto__` key must stay a plain key.
  return Object.fromEntries(
    Object.entries(data).flatMap(([key, entry]) => {
      const path = ["data", key];
      const d = readWithSchema(DataEntry, entry, path, sink);
      if (d === null) return [];
      const ref: DataRef = {
        name: scalarText(d.name, [...path, "name"], src),
        version: scalarText(d.version, [...path, "version"], src),
        sha256: scalarText(d.sha256, [...path, "sha256"], src),
        uri: d.uri ?? null,
        line: sink.lineOf(path),
      };
      return [[key, ref]];
    }),
  );
}

function readBaseline(
  baseline: ManifestTop["baseline"],
  data: Record<string, DataRef>,
  sink: IssueSink,
  src: SourceText,
): Manifest["baseline"] {
  if (baseline == null) return null;
  return {
    version: scalarText(baseline.version, ["baseline", "version"], src),
    metrics: readManifestMetrics(baseline.metrics, ["baseline", "metrics"], data, sink, src).values,
    line: sink.lineOf(["baseline"]),
  };
}

/** A path relative to the manifest, resolved to a repository path; an unsafe one is reported. */
function resolveRef(ref: string | null | undefined, path: KeyPath, sink: IssueSink): string | null {
  if (ref == null) return null;
  const resolved = resolveRepoPath(sink.file, ref.trim());
  if ("error" in resolved) {
    sink.schema(path, resolved.error);
    return null;
  }
  return resolved.path;
}
