import type { ModelReport, Report } from "../report.ts";
import type { Finding, MetricRow } from "../types.ts";
import { formatDelta, formatNumber } from "./format-number.ts";
import { headline } from "./headline.ts";
import { indexReport } from "./report-index.ts";
import { versionChange } from "./version-change.ts";

const MARK = { error: "✗", warning: "!", notice: "·" } as const;

/** The terminal report: a verdict line, findings grouped by model with file:line, the metric table. */
export function renderText(report: Report): string {
  const out: string[] = [`modelgate: ${report.conclusion} — ${headline(report)}`];
  for (const note of report.notes) out.push(`  ${note}`);
  const index = indexReport(report);
  const general = index.unlisted.filter((f) => f.model === null);
  if (general.length > 0) out.push("", "repository", ...general.map(findingLine));
  for (const m of report.models) {
    out.push("", modelLine(m));
    for (const note of m.notes) out.push(`  note: ${note}`);
    for (const f of index.findingsOf(m.name)) out.push(findingLine(f));
    const rows = index.metricsOf(m.name);
    if (rows.length > 0) for (const l of metricTable(rows)) out.push(`  ${l}`);
  }
  // Findings of models the report does not list (an unreadable card's), grouped by model.
  const others = new Map<string, Finding[]>();
  for (const f of index.unlisted) {
    if (f.model === null) continue;
    const list = others.get(f.model);
    if (list === undefined) others.set(f.model, [f]);
    else list.push(f);
  }
  for (const [model, fs] of others) out.push("", model, ...fs.map(findingLine));
  return `${out.join("\n")}\n`;
}

function modelLine(m: ModelReport): string {
  const version = versionChange(m);
  const changes = m.changes.length > 0 ? `  changes: ${m.changes.join(", ")}` : "";
  const gates = m.gates
    .map(
      (g) =>
        `${g.gate} ${g.overridden ? "overridden" : g.conclusion === "failure" ? "✗" : g.conclusion === "skipped" ? "off" : "✓"}`,
    )
    .join(" · ");
  return `${m.name}  ${version}  [${m.source}: ${m.card}]${changes}\n  ${gates}`;
}

function findingLine(f: Finding): string {
  const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ""}` : "";
  return `  ${MARK[f.severity]} ${f.code}  ${where}\n      ${f.message}`;
}

function metricTable(rows: readonly MetricRow[]): string[] {
  // The data column only when two rows of one metric need it (SPEC §1.1).
  const withData = rows.some((r) => r.context !== null);
  const cells = rows.map((r) => [
    r.name,
    ...(withData ? [r.context ?? ""] : []),
    r.slice ?? "",
    formatNumber(r.base),
    formatNumber(r.head),
    formatDelta(r.delta),
    r.status,
  ]);
  const header = ["metric", ...(withData ? ["data"] : []), "slice", "base", "head", "Δ", "status"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), ...cells.map(line)];
}
