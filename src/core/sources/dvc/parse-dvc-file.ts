import { isRecord } from "../../parse/is-record.ts";
import { parseYamlSafe } from "../../parse/safe-yaml.ts";
import type { Parsed } from "../../types.ts";
import { type LockedPath, lockedPaths } from "./parse-dvc-lock.ts";

/** A `.dvc` file: data tracked by `dvc add`, or imported by `dvc import` from another repository. */
export interface DvcFile {
  file: string;
  outs: LockedPath[];
  /** For an import: the source repository's URL and the commit it was locked at (`rev_lock`). */
  imports: Array<{ path: string | null; url: string | null; revLock: string | null }>;
}

/** Reads a `.dvc` file (https://dvc.org/doc/user-guide/project-structure/dvc-files). Never throws. */
export function parseDvcFile(file: string, text: string): Parsed<DvcFile> {
  const yaml = parseYamlSafe({ file, text });
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
  const out: DvcFile = { file, outs: [], imports: [] };
  if (!isRecord(yaml.value)) return { value: out, findings: yaml.findings };
  out.outs = lockedPaths(yaml.value.outs, dir);
  for (const d of Array.isArray(yaml.value.deps) ? yaml.value.deps : []) {
    if (!isRecord(d)) continue;
    const repo = isRecord(d.repo) ? d.repo : {};
    out.imports.push({
      path: typeof d.path === "string" ? d.path : null,
      url: typeof repo.url === "string" ? repo.url : null,
      revLock: typeof repo.rev_lock === "string" ? repo.rev_lock : typeof d.md5 === "string" ? d.md5 : null,
    });
  }
  return { value: out, findings: yaml.findings };
}
