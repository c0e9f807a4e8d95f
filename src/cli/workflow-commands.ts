import type { Finding, Severity } from "../core/types.ts";

/**
 * GitHub Actions workflow commands (`::error file=F,line=L,title=T::message`), escaped as the
 * runner unescapes them (actions/toolkit, command.ts): in the message % CR LF, in a property
 * also : and , — so that text from a PR can neither end the command early nor start another.
 */
export function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** GitHub shows at most this many annotations of each kind per step (and drops the rest). */
export const ANNOTATIONS_PER_KIND = 10;

/** One finding as a workflow command; findings without a file are annotations of the run. */
export function annotationCommand(f: Finding): string {
  const props: string[] = [];
  if (f.file) props.push(`file=${escapeProperty(f.file)}`);
  if (f.file && f.line) props.push(`line=${f.line}`);
  props.push(`title=${escapeProperty(f.code)}`);
  const message = f.model ? `${f.model}: ${f.message}` : f.message;
  return `::${f.severity} ${props.join(",")}::${escapeData(message)}`;
}

export interface Annotations {
  lines: string[];
  /** Findings of each kind beyond the cap, not annotated. */
  omitted: Record<Severity, number>;
}

/** The annotations GitHub will show (the first of each kind), and how many more there were. */
export function annotations(findings: readonly Finding[], perKind = ANNOTATIONS_PER_KIND): Annotations {
  const shown: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  const omitted: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  const lines: string[] = [];
  for (const f of findings) {
    if (shown[f.severity] >= perKind) {
      omitted[f.severity]++;
      continue;
    }
    shown[f.severity]++;
    lines.push(annotationCommand(f));
  }
  return { lines, omitted };
}

/** "3 more errors and 1 more warning", or null when nothing was left out. */
export function omittedText(omitted: Record<Severity, number>): string | null {
  const parts = (["error", "warning", "notice"] as const)
    .filter((s) => omitted[s] > 0)
    .map((s) => `${omitted[s]} more ${s}${omitted[s] === 1 ? "" : "s"}`);
  return parts.length === 0 ? null : parts.join(" and ");
}
