import type { Finding, Severity } from "../types.ts";
import { formatKeyPath, type KeyPath } from "./key-path.ts";

export type LineOf = (path: ReadonlyArray<PropertyKey>) => number | null;

/** Collects `parse.schema` findings for one file, each naming its key path and line. */
export interface IssueSink {
  readonly file: string;
  readonly findings: Finding[];
  lineOf: LineOf;
  /** Reports a wrong type or shape at `path`; the caller treats the value as absent. */
  schema(path: KeyPath, message: string, severity?: Severity): void;
}

export function createIssueSink(file: string, lineOf: LineOf): IssueSink {
  const findings: Finding[] = [];
  return {
    file,
    findings,
    lineOf,
    schema(path, message, severity = "error") {
      findings.push({
        gate: "parse",
        code: "parse.schema",
        severity,
        model: null,
        file,
        // Line 1 when the node has none (an empty file): an annotation needs a line.
        line: lineOf(path) ?? 1,
        message: `${formatKeyPath(path)}: ${message}`,
      });
    },
  };
}
