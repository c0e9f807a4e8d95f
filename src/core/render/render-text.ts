import type { ModelReport, Report } from "../report.ts";
import type { Finding, MetricRow } from "../types.ts";
import { formatDelta, formatNumber } from "./format-number.ts";
import { headline } from "./headline.ts";

const MARK = { error: "✗", warning: "!", notice: "·" } as const;

/** The terminal report: a verdict line, findings grouped by model with file:line, the metric table. */
export function renderText(report: Report): string {
  const out: string[] = [`modelgate: ${report.conclusion} — ${headline(report)}`];
  for (const note of report.notes) out.push(`  ${note}`);
  const byModel = new Map<string | null, Finding[]>();
  for (const f of report.findings) byModel.set(f.model, [...(byModel.get(f.model) ?? []), f]);

  const general = byModel.get(null) ?? [];
  if (general.length > 0) out.push("", "repository", ...general.map(findingLine));
  for (const m of report.models) {
    out.push("", modelLine(m));
    for (const note of m.notes) out.push(`  note: ${note}`);
    out.push(...(byModel.get(m.name) ?? []).map(findingLine));
    const rows = report.metrics.filter((r) => r.model === m.name);
    if (rows.length > 0) out.push("", ...metricTable(rows).map((l) => `  ${l}`));
  }
  const known = new Set(report.models.map((m) => m.name));
  for (const [model, fs] of byModel) {
    if (model === null || known.has(model)) continue;
    out.push("", model, ...fs.map(findingLine));
  }
  return `${out.join("\n")}\n`;
}

function modelLine(m: ModelReport): string {
  const version = m.isNew ? `${m.version ?? "?"} (new)` : `${m.baseVersion ?? "?"} → ${m.version ?? "?"}`;
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

function metricTable(rows: MetricRow[]): string[] {
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
