import { isRecord } from "../../parse/is-record.ts";
import { parseYamlSafe } from "../../parse/safe-yaml.ts";
import type { Finding, ModelContext, Side } from "../../types.ts";
import { isCardFile } from "../cards/card-files.ts";
import {
  ancestors,
  askFile,
  baseName,
  dirOf,
  emptyNeed,
  type Source,
  type SourceNeed,
  type SourceView,
} from "../source.ts";
import type { DvcSide } from "./dvc-changes.ts";
import { dependencyPaths, dvcFileOf, isCodePath, type ModelGraph, modelGraph } from "./dvc-graph.ts";
import { dvcModel } from "./dvc-model.ts";
import { covers } from "./dvc-paths.ts";
import { gtoVersion } from "./gto-version.ts";
import { type DvcFile, parseDvcFile } from "./parse-dvc-file.ts";
import { type DvcLock, parseDvcLock } from "./parse-dvc-lock.ts";
import { type DvcArtifact, type DvcYaml, parseDvcYaml } from "./parse-dvc-yaml.ts";

const join = (dir: string, name: string) => (dir === "" ? name : `${dir}/${name}`);

/**
 * DVC (SPEC §1.4): every `type: model` entry of a dvc.yaml's `artifacts:` is a model. Its kinds of
 * change come from dvc.lock and `.dvc` files, its metrics from the metrics files in git, its base
 * version from GTO tags when dvc.yaml gives none. A dvc.yaml is found in the folders above the
 * changed files (listed anyway), so a PR that touches no DVC project costs nothing.
 */
export function dvcSource(): Source {
  const yamlCache = new Map<string, DvcYaml | null>();
  const findingsOf = new Map<string, Finding[]>();
  const parsedYaml = (view: SourceView, side: Side, path: string): DvcYaml | null => {
    const key = `${side}:${path}`;
    if (yamlCache.has(key)) return yamlCache.get(key) ?? null;
    const text = view.text(side, path);
    // Not read yet: ask again next round. The params.yaml beside it is `${…}`'s default context.
    const paramsPath = join(dirOf(path), "params.yaml");
    if (view.content(side, path) === undefined || view.content(side, paramsPath) === undefined) return null;
    const paramsText = view.text(side, paramsPath);
    const params = paramsText === null ? null : parseYamlSafe({ file: paramsPath, text: paramsText }).value;
    const parsed = text === null ? null : parseDvcYaml(path, text, params);
    yamlCache.set(key, parsed?.value ?? null);
    if (parsed && side === "head") findingsOf.set(path, parsed.findings);
    return parsed?.value ?? null;
  };
  const lockOf = (view: SourceView, side: Side, dvcYaml: string): DvcLock | null => {
    const path = dvcYaml.replace(/dvc\.yaml$/, "dvc.lock");
    const text = view.text(side, path);
    return text === null ? null : parseDvcLock(path, text).value;
  };

  /** dvc.yaml files in the folders above the changed files (and changed ones). */
  const projects = (view: SourceView): string[] => {
    const out = new Set<string>();
    for (const f of view.changed) {
      for (const p of [f.path, f.previousPath ?? f.path])
        if (baseName(p) === "dvc.yaml" || baseName(p) === "dvc.lock") out.add(join(dirOf(p), "dvc.yaml"));
      for (const d of ancestors(dirOf(f.path)))
        if ((view.listed("head", d) ?? []).includes(join(d, "dvc.yaml"))) out.add(join(d, "dvc.yaml"));
    }
    return [...out].sort();
  };

  const models = (view: SourceView, file: string): Array<{ artifact: DvcArtifact; graph: ModelGraph }> => {
    const dvc = parsedYaml(view, "head", file);
    if (!dvc) return [];
    return dvc.artifacts
      .filter((a) => a.type === "model" && a.path !== null)
      .map((artifact) => ({ artifact, graph: modelGraph(dvc, artifact.path as string) }));
  };

  /** A changed path the model depends on: its dvc files, deps, outputs, params, metrics, `.dvc` files, card. */
  const touches = (view: SourceView, file: string, artifact: DvcArtifact, graph: ModelGraph): boolean => {
    const lock = file.replace(/dvc\.yaml$/, "dvc.lock");
    const paths = [...dependencyPaths(graph), artifact.path as string];
    const dvcFiles = [...graph.rootDeps, artifact.path as string].map(dvcFileOf);
    const dir = dirOf(artifact.path as string);
    const manifest = linkedManifest(view, artifact);
    return view.changed.some((f) =>
      [f.path, f.previousPath ?? f.path].some((p) => {
        if (p === file) return entryChanged(view, file, artifact, graph);
        if (p === lock) return lockChanged(view, file, graph);
        if (graph.paramsFiles.includes(p)) return paramsChanged(view, p, graph);
        if (dvcFiles.includes(p) || paths.some((d) => covers(d, p))) return true;
        if (p === manifest) return true;
        // A README beside the artifact is a change to the model only when it is its card (SPEC §1.1).
        return dirOf(p) === dir && (isCardFile(view, p) !== false || view.isManifest(p));
      }),
    );
  };
  /** The native card beside the artifact's path (SPEC §1.4), not one another source already uses. */
  const cardOf = (view: SourceView, artifact: DvcArtifact, claimed: ReadonlySet<string>): string | null =>
    (view.listed("head", dirOf(artifact.path as string)) ?? []).find(
      (p) => !claimed.has(p) && isCardFile(view, p) === true,
    ) ?? null;
  /**
   * The native manifest of a DVC model (SPEC §1.4: a native card and manifest take precedence field
   * by field): the card's `experiment`, else a manifest beside the artifact whose `model` is the
   * model's (or the card's) name, or that names none.
   */
  const linkedManifest = (
    view: SourceView,
    artifact: DvcArtifact,
    claimed: ReadonlySet<string> = new Set(),
  ) => {
    const cardPath = cardOf(view, artifact, claimed);
    const card = cardPath ? (view.card("head", cardPath)?.value ?? null) : null;
    if (card?.experiment) return card.experiment;
    const names = new Set([artifact.name, card?.name]);
    return (
      (view.listed("head", dirOf(artifact.path as string)) ?? []).find((p) => {
        if (!view.isManifest(p)) return false;
        const m = view.manifest("head", p)?.value;
        return !m || m.model === null || names.has(m.model);
      }) ?? null
    );
  };
  const entryChanged = (view: SourceView, file: string, a: DvcArtifact, graph: ModelGraph): boolean => {
    const base = parsedYaml(view, "base", view.basePathOf(file));
    if (!base) return true;
    const b = base.artifacts.find((x) => x.name === a.name);
    if (!b) return true;
    const strip = (x: DvcArtifact) => ({ ...x, line: null, versionLine: null });
    const stages = (d: DvcYaml) =>
      graph.upstream.map((s) =>
        JSON.stringify({
          ...d.stages.find((x) => x.name === s.name),
          line: null,
          params: [...(d.stages.find((x) => x.name === s.name)?.params ?? [])],
        }),
      );
    return (
      JSON.stringify(strip(a)) !== JSON.stringify(strip(b)) ||
      JSON.stringify(stages(base)) !== JSON.stringify(stages(parsedYaml(view, "head", file) as DvcYaml))
    );
  };
  const lockChanged = (view: SourceView, file: string, graph: ModelGraph): boolean => {
    const b = lockOf(view, "base", view.basePathOf(file));
    const h = lockOf(view, "head", file);
    if (!b || !h) return true;
    const names = [...graph.upstream, ...graph.evaluation].map((s) => s.name);
    return names.some((n) => JSON.stringify(b.stages.get(n)) !== JSON.stringify(h.stages.get(n)));
  };

  /** A params file touches the model only through the keys its stages read (none listed: the whole file). */
  const paramsChanged = (view: SourceView, p: string, graph: ModelGraph): boolean => {
    const read = (s: Side) => {
      const text = view.text(s, s === "base" ? view.basePathOf(p) : p);
      return text === null ? null : flatten(parseYamlSafe({ file: p, text }).value);
    };
    const b = read("base");
    const h = read("head");
    if (b === null || h === null) return true;
    const keys = graph.upstream.flatMap((s) => s.params.get(p) ?? []);
    if (graph.upstream.some((s) => s.params.get(p)?.length === 0))
      return JSON.stringify(b) !== JSON.stringify(h);
    const under = (k: string, key: string) => k === key || k.startsWith(`${key}.`);
    const all = new Set([...Object.keys(b), ...Object.keys(h)]);
    return [...all].some(
      (k) => keys.some((key) => under(k, key)) && JSON.stringify(b[k]) !== JSON.stringify(h[k]),
    );
  };

  const askCards = (view: SourceView, out: SourceNeed, artifact: DvcArtifact) => {
    const dir = dirOf(artifact.path as string);
    out.dirs.push({ side: "head", path: dir, contents: true });
    for (const p of view.listed("head", dir) ?? []) if (view.isCard(p)) askFile(view, out, p);
  };

  const need = (view: SourceView): SourceNeed => {
    const out = emptyNeed();
    const changedManifest = view.changed.some((f) => view.isManifest(f.path));
    for (const f of view.changed)
      for (const d of ancestors(dirOf(f.path))) out.dirs.push({ side: "head", path: d });
    for (const file of projects(view)) {
      askFile(view, out, file);
      askFile(view, out, file.replace(/dvc\.yaml$/, "dvc.lock"));
      askFile(view, out, join(dirOf(file), "params.yaml"));
      for (const { artifact, graph } of models(view, file)) {
        if (!touches(view, file, artifact, graph)) {
          // A changed manifest elsewhere may be this model's through its card's `experiment`.
          if (changedManifest) askCards(view, out, artifact);
          continue;
        }
        for (const p of graph.paramsFiles) askFile(view, out, p);
        for (const p of graph.metrics) askFile(view, out, p);
        for (const p of [...graph.rootDeps.filter((d) => !isCodePath(d)), artifact.path as string])
          askFile(view, out, dvcFileOf(p));
        const dir = dirOf(artifact.path as string);
        out.dirs.push({ side: "head", path: dir, contents: true });
        for (const p of view.listed("head", dir) ?? [])
          if (view.isCard(p) || view.isManifest(p)) askFile(view, out, p);
        const manifest = linkedManifest(view, artifact);
        if (manifest) askFile(view, out, manifest);
        if (artifact.version === null) out.tags = [...(out.tags ?? []), `${artifact.name}@`];
      }
    }
    if (out.tags && view.tagsRead()) delete out.tags;
    return out;
  };

  const side = (
    view: SourceView,
    s: Side,
    file: string,
    graph: ModelGraph,
    artifact: DvcArtifact,
  ): DvcSide => {
    const path = (p: string) => (s === "base" ? view.basePathOf(p) : p);
    const dvcFiles = new Map<string, DvcFile>();
    for (const p of [...graph.rootDeps, artifact.path as string]) {
      const text = view.text(s, path(dvcFileOf(p)));
      const parsed = text === null ? null : parseDvcFile(dvcFileOf(p), text).value;
      if (parsed) dvcFiles.set(p, parsed);
    }
    const params = new Map<string, Record<string, unknown>>();
    for (const p of graph.paramsFiles) {
      const text = view.text(s, path(p));
      if (text !== null) params.set(p, flatten(parseYamlSafe({ file: p, text }).value));
    }
    return { lock: lockOf(view, s, path(file)), dvcFiles, params };
  };

  return {
    name: "dvc",
    need,
    mustParse: (_view, p) => baseName(p) === "dvc.yaml" || baseName(p) === "dvc.lock" || p.endsWith(".dvc"),
    collect: (view, claimed) => {
      const found: ModelContext[] = [];
      const findings: Finding[] = [];
      const claims: string[] = [];
      const changedPaths = new Set(view.changed.flatMap((f) => [f.path, f.previousPath ?? f.path]));
      for (const file of projects(view)) {
        const dvc = parsedYaml(view, "head", file);
        findings.push(...(findingsOf.get(file) ?? []));
        if (!dvc) continue;
        const baseDvc = parsedYaml(view, "base", view.basePathOf(file));
        for (const { artifact, graph } of models(view, file)) {
          if (!touches(view, file, artifact, graph)) continue;
          const cardPath = cardOf(view, artifact, claimed);
          if (cardPath) claims.push(cardPath);
          const manifestPath = linkedManifest(view, artifact, claimed);
          const manifest = manifestPath ? view.manifest("head", manifestPath) : null;
          if (manifestPath) claims.push(manifestPath);
          findings.push(...(manifest?.findings ?? []).map((f) => ({ ...f, model: artifact.name })));
          const card = cardPath ? (view.card("head", cardPath)?.value ?? null) : null;
          const baseCard = cardPath ? (view.card("base", view.basePathOf(cardPath))?.value ?? null) : null;
          const got = dvcModel({
            dvc,
            baseDvc,
            artifact,
            baseArtifact:
              baseDvc?.artifacts.find((a) => a.name === artifact.name && a.type === "model") ?? null,
            graph,
            head: side(view, "head", file, graph, artifact),
            base: side(view, "base", file, graph, artifact),
            metricsText: (s, p) => view.text(s, s === "base" ? view.basePathOf(p) : p),
            card,
            baseCard,
            manifest: manifest?.value ?? null,
            baseManifest: manifestPath
              ? (view.manifest("base", view.basePathOf(manifestPath))?.value ?? null)
              : null,
            tagsVersion: gtoVersion(artifact.name, view.tags()),
            tagsRead: view.tagsRead(),
            changedPaths,
            headPaths: view.headPaths(),
          });
          found.push(got.model);
          findings.push(...got.findings);
        }
      }
      return { models: found, findings, notes: [], removed: [], claims };
    },
  };
}

/** Nested params as DVC names them: `train.n_est`. Bounded by the parser's depth limit. */
function flatten(value: unknown, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
  if (!isRecord(value)) {
    if (prefix !== "") out[prefix] = value;
    return out;
  }
  for (const [k, v] of Object.entries(value)) flatten(v, prefix === "" ? k : `${prefix}.${k}`, out);
  return out;
}
