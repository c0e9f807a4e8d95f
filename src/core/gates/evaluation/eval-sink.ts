import type { Finding, Severity } from "../../types.ts";

/** Where a finding points: a file and, when known, the 1-based line of the node. */
export interface Anchor {
  file: string | null;
  line: number | null;
}

/** Collects one model's evaluation findings and report notes (each note once). */
export interface EvalSink {
  readonly model: string;
  readonly findings: Finding[];
  readonly notes: Set<string>;
  add(code: string, severity: Severity, at: Anchor, message: string): void;
}

export function evalSink(model: string): EvalSink {
  const findings: Finding[] = [];
  return {
    model,
    findings,
    notes: new Set(),
    add(code, severity, at, message) {
      findings.push({ gate: "evaluation", code, severity, model, file: at.file, line: at.line, message });
    },
  };
}
