import { isRecord } from "../../parse/is-record.ts";
import { parseYamlSafe } from "../../parse/safe-yaml.ts";
import type { Finding, Parsed } from "../../types.ts";
import { joinDvcPath } from "./dvc-paths.ts";
import { expandStage } from "./expand-stage.ts";
import { stageCommand } from "./stage-command.ts";

/** Stages read from one dvc.yaml, generated ones included: a hostile `matrix:` may ask for billions. */
export const MAX_STAGES = 2000;

/** One `artifacts:` entry of a dvc.yaml (https://dvc.org/doc/user-guide/project-structure/dvcyaml-files#artifacts). */
export interface DvcArtifact {
  name: string;
  /** Repository path of the artifact (the entry's `path`, relative to the dvc.yaml). */
  path: string | null;
  type: string | null;
  desc: string | null;
  labels: string[];
  meta: Record<string, unknown>;
  /** `meta.version`, as written. */
  version: string | null;
  line: number | null;
  versionLine: number | null;
}

/** A stage as declared in dvc.yaml: what it reads; its locked state is in dvc.lock. */
export interface DvcStage {
  name: string;
  cmd: string | null;
  /** Repository paths. */
  deps: string[];
  outs: string[];
  /** Params the stage reads: repository path of the params file → keys (empty: the whole file). */
  params: Map<string, string[]>;
  /** Metrics files declared among the stage's outputs (`metrics:`), repository paths. */
  metrics: string[];
  line: number | null;
}

export interface DvcYaml {
  file: string;
  /** The folder of the dvc.yaml: its paths are relative to it. */
  dir: string;
  artifacts: DvcArtifact[];
  stages: DvcStage[];
  /** Top-level `metrics:` files, repository paths, with their lines. */
  metrics: Array<{ path: string; line: number | null }>;
  lineOf(path: ReadonlyArray<PropertyKey>): number | null;
}

/**
 * Reads a dvc.yaml: its model artifacts, stages and metrics files. Paths are made repository
 * paths (a `..` or absolute path that would leave the repository is dropped and reported).
 * `foreach`/`matrix` stages are expanded into the stages DVC generates (`NAME@KEY`, as dvc.lock
 * names them), and `${…}` is resolved from `vars:` and `params` (the params.yaml beside the
 * dvc.yaml, parsed, which DVC's templating reads by default). Never throws.
 */
export function parseDvcYaml(file: string, text: string, params: unknown = null): Parsed<DvcYaml> {
  const yaml = parseYamlSafe({ file, text });
  const findings: Finding[] = [...yaml.findings];
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
  const out: DvcYaml = { file, dir, artifacts: [], stages: [], metrics: [], lineOf: yaml.lineOf };
  if (yaml.findings.some((f) => f.severity === "error") || yaml.value == null)
    return { value: out, findings };
  if (!isRecord(yaml.value)) {
    findings.push(schema(file, 1, "dvc.yaml must be a mapping (artifacts:, stages:, metrics:)"));
    return { value: out, findings };
  }
  const doc = yaml.value;
  const path = (raw: unknown, at: ReadonlyArray<PropertyKey>, base = dir): string | null => {
    if (typeof raw !== "string" || raw.trim() === "") return null;
    const joined = joinDvcPath(base, raw.trim());
    if (joined === null)
      findings.push(
        schema(file, yaml.lineOf(at), `path "${raw}" leaves the repository or is not a POSIX path`),
      );
    return joined;
  };

  if (doc.artifacts != null && !isRecord(doc.artifacts))
    findings.push(
      schema(
        file,
        yaml.lineOf(["artifacts"]),
        "artifacts must be a mapping of artifact name → {path, type, …}",
      ),
    );
  for (const [name, raw] of Object.entries(isRecord(doc.artifacts) ? doc.artifacts : {})) {
    if (!isRecord(raw)) {
      findings.push(
        schema(file, yaml.lineOf(["artifacts", name]), `artifacts.${name} must be a mapping with a path`),
      );
      continue;
    }
    const meta = isRecord(raw.meta) ? raw.meta : {};
    const version = meta.version == null ? null : String(meta.version);
    out.artifacts.push({
      name,
      path: path(raw.path, ["artifacts", name, "path"]),
      type: typeof raw.type === "string" ? raw.type : null,
      desc: typeof raw.desc === "string" ? raw.desc : null,
      labels: Array.isArray(raw.labels) ? raw.labels.filter((l): l is string => typeof l === "string") : [],
      meta,
      version,
      line: yaml.lineOf(["artifacts", name]),
      versionLine: version === null ? null : yaml.lineOf(["artifacts", name, "meta", "version"]),
    });
  }

  if (doc.stages != null && !isRecord(doc.stages))
    findings.push(
      schema(file, yaml.lineOf(["stages"]), "stages must be a mapping of stage name → {cmd, deps, outs}"),
    );
  const ctx = templateContext(doc.vars, params);
  let budget = MAX_STAGES;
  for (const [name, raw] of Object.entries(isRecord(doc.stages) ? doc.stages : {})) {
    if (!isRecord(raw)) continue;
    const expansion = expandStage(name, raw, ctx, budget);
    budget -= expansion.stages.length;
    const line = yaml.lineOf(["stages", name]);
    if (expansion.problem !== null) findings.push(schema(file, line, `stages.${name}: ${expansion.problem}`));
    if (expansion.unresolved.length > 0)
      findings.push(
        warning(
          file,
          line,
          `stages.${name}: ${[...new Set(expansion.unresolved)].slice(0, 3).join(", ")} names nothing in vars or params.yaml; the paths that use it are not read`,
        ),
      );
    if (expansion.skipped > 0)
      findings.push(
        warning(
          file,
          line,
          `stages.${name}: ${expansion.skipped} generated stages not read (at most ${MAX_STAGES} stages per dvc.yaml)`,
        ),
      );
    for (const { name: stageName, def, at: defAt } of expansion.stages) {
      const at = (k: string, i: number) => [...defAt, k, i];
      const wdir = typeof def.wdir === "string" ? joinDvcPath(dir, def.wdir) : dir;
      const list = (k: string): string[] =>
        (Array.isArray(def[k]) ? (def[k] as unknown[]) : []).flatMap((e, i) => {
          // An entry is a path, or `{path: {cache: false, …}}`.
          const p = typeof e === "string" ? e : isRecord(e) ? Object.keys(e)[0] : undefined;
          // A path with an expression nothing names was reported above; it is no path to read.
          if (p === undefined || p.includes("${") || wdir === null) return [];
          const joined = path(p, at(k, i), wdir);
          return joined === null ? [] : [joined];
        });
      out.stages.push({
        name: stageName,
        cmd: stageCommand(def.cmd),
        deps: list("deps"),
        outs: [...list("outs"), ...list("metrics"), ...list("plots")],
        params: stageParams(def.params, wdir ?? dir),
        metrics: list("metrics"),
        line,
      });
    }
  }

  const metrics = Array.isArray(doc.metrics) ? doc.metrics : [];
  metrics.forEach((m, i) => {
    const p = path(m, ["metrics", i]);
    if (p !== null) out.metrics.push({ path: p, line: yaml.lineOf(["metrics", i]) });
  });
  return { value: out, findings };
}

/**
 * `params:` of a stage: `- key` reads params.yaml beside the dvc.yaml; `- file.yaml: [a, b]`
 * reads other files (an empty list: all of it).
 */
function stageParams(raw: unknown, dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (file: string, keys: string[]) => {
    const p = joinDvcPath(dir, file);
    if (p !== null) out.set(p, [...(out.get(p) ?? []), ...keys]);
  };
  for (const e of Array.isArray(raw) ? raw : []) {
    if (typeof e === "string") add("params.yaml", [e]);
    else if (isRecord(e))
      for (const [file, keys] of Object.entries(e))
        add(file, Array.isArray(keys) ? keys.filter((k): k is string => typeof k === "string") : []);
  }
  return out;
}

/** The context of `${…}`: params.yaml, then the inline mappings of `vars:` (a file named there is not read). */
function templateContext(vars: unknown, params: unknown): Record<string, unknown> {
  const ctx: Record<string, unknown> = isRecord(params) ? { ...params } : {};
  for (const v of Array.isArray(vars) ? vars : isRecord(vars) ? [vars] : [])
    if (isRecord(v)) Object.assign(ctx, v);
  return ctx;
}

function warning(file: string, line: number | null, message: string): Finding {
  return { ...schema(file, line, message), severity: "warning" };
}

function schema(file: string, line: number | null, message: string): Finding {
  return { gate: "parse", code: "parse.schema", severity: "error", model: null, file, line, message };
}
