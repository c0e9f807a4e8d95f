import { isRecord } from "../../parse/is-record.ts";
import { parseYamlSafe } from "../../parse/safe-yaml.ts";
import type { Finding, Manifest, MetricValue, ModelCard, ModelContext, Side } from "../../types.ts";
import { isCardFile } from "../cards/card-files.ts";
import { ancestors, askFile, baseName, dirOf, emptyNeed, type Source, type SourceView } from "../source.ts";
import { type MlModel, parseMlModel } from "./parse-mlmodel.ts";

/** At most this many runs of one experiment are read to find the base's newest. */
const MAX_BASE_RUNS = 50;

/**
 * What MLflow's `save_model` writes beside an MLmodel (mlflow.org/docs/latest/models.html#storage-format):
 * the environment files, the input example, the flavor's model file and its `data/`, `code/` and
 * `artifacts/` folders. A model saved at the repository root is touched by these only, not by
 * every README or CI file of the root.
 */
const ROOT_MODEL_FILES =
  /^(MLmodel|conda\.yaml|python_env\.yaml|requirements\.txt|input_example\.json|serving_input_example\.json|registered_model_meta|model\.[A-Za-z0-9]+|(data|code|artifacts)\/.+)$/;

interface Logged {
  /** `mlruns/<experiment>` */
  expDir: string;
  artifactPath: string;
}

/** `mlruns/<exp>/<run>/artifacts/<artifact path>/MLmodel` → its parts, or null. */
function loggedPath(path: string): { expDir: string; runDir: string; artifactPath: string } | null {
  const parts = path.split("/");
  const i = parts.indexOf("mlruns");
  if (i < 0 || parts.length < i + 6 || parts[i + 3] !== "artifacts" || parts.at(-1) !== "MLmodel")
    return null;
  return {
    expDir: parts.slice(0, i + 2).join("/"),
    runDir: parts.slice(0, i + 3).join("/"),
    artifactPath: parts.slice(i + 4, -1).join("/"),
  };
}
const runDirOf = (path: string): string | null => {
  const parts = path.split("/");
  const i = parts.indexOf("mlruns");
  return i >= 0 && parts.length > i + 3 ? parts.slice(0, i + 3).join("/") : null;
};

/**
 * MLflow (SPEC §1.4): an `MLmodel` saved with `save_model` is a model named by its folder (or the
 * card beside it); one logged in a run is `<experiment name>/<artifact_path>`, whose head and base
 * are its newest run at head and at base. Signatures are decoded from their JSON strings; run id,
 * model uuid, creation time, MLflow and flavor versions are lineage; a run's committed metrics
 * (last line) and params are its metrics and params.
 */
export function mlflowSource(): Source {
  const mlmodel = (view: SourceView, side: Side, path: string) => {
    const text = view.text(side, path);
    return text === null ? null : parseMlModel(path, text);
  };
  const saved = (view: SourceView): string[] => {
    const out = new Set<string>();
    for (const f of view.changed) {
      if (baseName(f.path) === "MLmodel" && !loggedPath(f.path) && !f.path.split("/").includes("mlruns"))
        out.add(f.path);
      for (const d of ancestors(dirOf(f.path))) {
        // As a root card (SPEC §1.1), a model saved at the root owns only what save_model wrote.
        if (d === "" && !ROOT_MODEL_FILES.test(f.path)) continue;
        const p = d === "" ? "MLmodel" : `${d}/MLmodel`;
        if ((view.listed("head", d) ?? []).includes(p) && !p.split("/").includes("mlruns")) out.add(p);
      }
    }
    return [...out].sort();
  };
  const logged = (view: SourceView): Map<string, Logged & { headRuns: string[] }> => {
    const out = new Map<string, Logged & { headRuns: string[] }>();
    for (const f of view.headChanged) {
      const l = loggedPath(f.path);
      if (!l) continue;
      const key = `${l.expDir}\u0000${l.artifactPath}`;
      const prior = out.get(key);
      if (prior) prior.headRuns.push(l.runDir);
      else out.set(key, { expDir: l.expDir, artifactPath: l.artifactPath, headRuns: [l.runDir] });
    }
    return out;
  };
  const newest = (
    view: SourceView,
    side: Side,
    runs: string[],
    ap: string,
  ): { run: string; model: MlModel } | null => {
    let best: { run: string; model: MlModel } | null = null;
    for (const run of runs) {
      const m = mlmodel(view, side, `${run}/artifacts/${ap}/MLmodel`)?.value;
      if (m && (best === null || (m.created ?? "") > (best.model.created ?? ""))) best = { run, model: m };
    }
    return best;
  };
  const allBaseRuns = (view: SourceView, l: Logged): string[] =>
    (view.folders("base", l.expDir) ?? []).filter((r) => !r.endsWith("/.trash"));
  const baseRuns = (view: SourceView, l: Logged): string[] => allBaseRuns(view, l).slice(0, MAX_BASE_RUNS);

  return {
    name: "mlflow",
    need: (view) => {
      const out = emptyNeed();
      for (const f of view.changed)
        for (const d of ancestors(dirOf(f.path))) out.dirs.push({ side: "head", path: d });
      for (const p of saved(view)) {
        askFile(view, out, p);
        out.dirs.push({ side: "head", path: dirOf(p), contents: true });
        for (const c of view.listed("head", dirOf(p)) ?? []) if (view.isCard(c)) askFile(view, out, c);
      }
      for (const l of logged(view).values()) {
        askFile(view, out, `${l.expDir}/meta.yaml`);
        out.dirs.push({ side: "base", path: l.expDir, folders: true });
        for (const f of view.headChanged)
          if (runDirOf(f.path) && l.headRuns.includes(runDirOf(f.path) as string)) askFile(view, out, f.path);
        // Every base run's model and folders in one batch, then the newest one's files.
        for (const run of baseRuns(view, l)) {
          askFile(view, out, `${run}/artifacts/${l.artifactPath}/MLmodel`);
          for (const sub of ["metrics", "params", "tags"])
            out.dirs.push({ side: "head", path: `${run}/${sub}`, contents: true });
        }
        const base = newest(view, "base", baseRuns(view, l), l.artifactPath);
        if (base)
          for (const sub of ["metrics", "params", "tags"])
            for (const p of view.listed("head", `${base.run}/${sub}`) ?? []) askFile(view, out, p);
      }
      return out;
    },
    mustParse: (_view, p) => baseName(p) === "MLmodel",
    collect: (view, claimed) => {
      const models: ModelContext[] = [];
      const findings: Finding[] = [];
      const claims: string[] = [];
      const headPaths = view.headPaths();
      for (const p of saved(view)) {
        const head = mlmodel(view, "head", p);
        if (!head?.value) continue;
        findings.push(...head.findings);
        const dir = dirOf(p);
        const cardPath = (view.listed("head", dir) ?? []).find(
          (c) => !claimed.has(c) && isCardFile(view, c) === true,
        );
        if (cardPath) claims.push(cardPath);
        const card = cardPath ? (view.card("head", cardPath)?.value ?? null) : null;
        const baseCard = cardPath ? (view.card("base", view.basePathOf(cardPath))?.value ?? null) : null;
        const name = card?.name ?? (baseName(dir) || "model");
        const base = mlmodel(view, "base", view.basePathOf(p))?.value ?? null;
        models.push(record(view, name, head.value, base, card, baseCard, null, null, headPaths));
      }
      for (const l of logged(view).values()) {
        const head = newest(view, "head", l.headRuns, l.artifactPath);
        if (!head) continue;
        findings.push(...(mlmodel(view, "head", head.model.file)?.findings ?? []));
        const base = newest(
          view,
          "base",
          baseRuns(view, l).filter((r) => !l.headRuns.includes(r)),
          l.artifactPath,
        );
        const meta = parseYamlSafe({
          file: `${l.expDir}/meta.yaml`,
          text: view.text("head", `${l.expDir}/meta.yaml`) ?? "",
        }).value;
        const exp = isRecord(meta) && typeof meta.name === "string" ? meta.name : baseName(l.expDir);
        const name = `${exp}/${l.artifactPath}`;
        const unread = allBaseRuns(view, l).length - baseRuns(view, l).length;
        if (unread > 0)
          findings.push(runsNotRead(name, head.model.file, allBaseRuns(view, l).length, unread));
        models.push(
          record(
            view,
            name,
            head.model,
            base?.model ?? null,
            null,
            null,
            head.run,
            base?.run ?? null,
            headPaths,
          ),
        );
      }
      return { models, findings, notes: [], removed: [], claims };
    },
  };
}

/**
 * SPEC §1.3, nothing is capped silently: an experiment with more runs at base than are read says
 * how many were left out, since the base's newest run may be among them.
 */
function runsNotRead(model: string, file: string, total: number, unread: number): Finding {
  return {
    gate: "parse",
    code: "model.not-checked",
    severity: "warning",
    model,
    file,
    line: 1,
    message: `${unread} of the base's ${total} runs of ${model} were not read (at most ${MAX_BASE_RUNS} are): the base version is the newest of the ${MAX_BASE_RUNS} read, which may not be the base's newest run; keep fewer runs in mlruns/ (delete old ones, or log to a tracking server)`,
  };
}

function record(
  view: SourceView,
  name: string,
  head: MlModel,
  base: MlModel | null,
  card: ModelCard | null,
  baseCard: ModelCard | null,
  headRun: string | null,
  baseRun: string | null,
  headPaths: ReadonlySet<string>,
): ModelContext {
  const synthetic = (m: MlModel): ModelCard => ({
    file: m.file,
    name,
    version: null,
    versionLine: null,
    owners: [],
    experiment: null,
    experimentLine: null,
    fields: {},
    fieldLines: { name: 1 },
    sections: [],
    metrics: [],
  });
  const pinned = new Map<string, string>([
    ["artifacts.sha256", "MLflow's model_uuid identifies the saved model"],
  ]);
  return {
    name,
    source: "mlflow",
    hasCard: card !== null,
    card: card ? { ...card, name } : synthetic(head),
    baseCard: base ? (baseCard ? { ...baseCard, name } : synthetic(base)) : null,
    manifest: manifestOf(view, head, "head", headRun),
    baseManifest: base ? manifestOf(view, base, "base", baseRun) : null,
    headPaths,
    sourceChanges: base && base.modelUuid !== head.modelUuid ? ["artifacts"] : [],
    registry: card?.version
      ? null
      : {
          baseVersion: baseCard?.version ?? null,
          command: `mlflow: register runs:/${head.runId ?? "RUN"}/${head.artifactPath ?? "model"} as ${name} {version}`,
        },
    pinned,
  };
}

/** The run's lineage, params and metrics as a manifest the gates already read. */
function manifestOf(view: SourceView, m: MlModel, side: Side, run: string | null): Manifest {
  const files = (sub: string) => (run ? (view.listed("head", `${run}/${sub}`) ?? []) : []);
  const text = (p: string) => view.text(side, p) ?? view.text("head", p);
  const params: Record<string, unknown> = {};
  for (const p of files("params")) params[baseName(p)] = text(p)?.trim() ?? null;
  const metrics: MetricValue[] = [];
  for (const p of files("metrics")) {
    // Each line is "timestamp value step": the last one is the run's final value.
    const lines = (text(p) ?? "").trim().split("\n");
    const value = Number(lines.at(-1)?.split(/\s+/)[1]);
    if (Number.isFinite(value))
      metrics.push({
        type: baseName(p),
        name: null,
        value,
        dataset: null,
        config: null,
        split: null,
        slice: null,
        n: null,
        ci: null,
        file: p,
        line: lines.length,
      });
  }
  const commit = run ? (text(`${run}/tags/mlflow.source.git.commit`)?.trim() ?? null) : null;
  const raw = {
    run: { id: m.runId, tracker: "mlflow" },
    code: commit ? { commit } : {},
    mlflow: {
      model_uuid: m.modelUuid,
      utc_time_created: m.created,
      mlflow_version: m.mlflowVersion,
      flavors: m.flavors,
    },
    params,
  };
  return {
    file: m.file,
    model: null,
    run: { id: m.runId, url: null, tracker: "mlflow" },
    code: { commit, entrypoint: null, seed: null, line: null },
    environment: null,
    data: {},
    params,
    signature: m.signature,
    metrics,
    metricsDataKey: metrics.map(() => "eval"),
    metricsFile: null,
    metricsFileLine: null,
    lockfile: null,
    baseline: null,
    artifacts: [],
    raw,
    lineOf: (path) => m.lineOf(path.split(".")),
  };
}
