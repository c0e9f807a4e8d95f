import { isRecord } from "../../parse/is-record.ts";
import { parseYamlSafe } from "../../parse/safe-yaml.ts";
import type { Finding, Parsed } from "../../types.ts";
import { joinDvcPath } from "./dvc-paths.ts";
import { stageCommand } from "./stage-command.ts";

/** A path as dvc.lock pins it: DVC's md5 (a folder's ends in `.dir`), or another hash it records. */
export interface LockedPath {
  path: string;
  /** `md5`, else `etag`/`checksum` (cloud outputs): whatever identifies the content. */
  hash: string | null;
  size: number | null;
}

export interface LockedStage {
  name: string;
  cmd: string | null;
  deps: LockedPath[];
  outs: LockedPath[];
  /** Locked param values: `train.n_est` → 50 (all params files merged; keys are DVC's). */
  params: Record<string, unknown>;
}

export interface DvcLock {
  file: string;
  stages: Map<string, LockedStage>;
}

/**
 * Reads a dvc.lock, schema 2.0 (`deps: [{path, hash: md5, md5, size}]`) and the older layout
 * without `schema:` (`deps: [{path, md5}]`) alike. Never throws.
 */
export function parseDvcLock(file: string, text: string): Parsed<DvcLock> {
  const yaml = parseYamlSafe({ file, text });
  const findings: Finding[] = [...yaml.findings];
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
  const out: DvcLock = { file, stages: new Map() };
  if (!isRecord(yaml.value)) return { value: out, findings };
  // Schema 1 has the stages at the top level; 2.0 under `stages:`.
  const stages = isRecord(yaml.value.stages) ? yaml.value.stages : yaml.value.schema ? {} : yaml.value;
  for (const [name, raw] of Object.entries(stages)) {
    if (!isRecord(raw)) continue;
    const params: Record<string, unknown> = {};
    if (isRecord(raw.params))
      for (const values of Object.values(raw.params))
        if (isRecord(values)) for (const [k, v] of Object.entries(values)) params[k] = v;
    out.stages.set(name, {
      name,
      cmd: stageCommand(raw.cmd),
      deps: lockedPaths(raw.deps, dir),
      outs: lockedPaths(raw.outs, dir),
      params,
    });
  }
  return { value: out, findings };
}

export function lockedPaths(raw: unknown, dir: string): LockedPath[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((e) => {
    if (!isRecord(e) || typeof e.path !== "string") return [];
    const path = joinDvcPath(dir, e.path);
    if (path === null) return [];
    const hash = [e.md5, e.etag, e.checksum].find((h) => typeof h === "string" && h !== "");
    return [
      {
        path,
        hash: typeof hash === "string" ? hash : null,
        size: typeof e.size === "number" ? e.size : null,
      },
    ];
  });
}
