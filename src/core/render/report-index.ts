import type { Report } from "../report.ts";
import type { Finding, MetricRow } from "../types.ts";

/** A report's findings and metric rows by model, built once: renderers look up, never filter per model. */
export interface ReportIndex {
  findingsOf(model: string): readonly Finding[];
  metricsOf(model: string): readonly MetricRow[];
  /** Findings of no model, or of a model the report does not list (an unreadable card's), in report order. */
  unlisted: readonly Finding[];
}

/** Linear in the report: a repository-wide check has tens of thousands of models and findings. */
export function indexReport(report: Report): ReportIndex {
  const findings = groupBy(report.findings, (f) => f.model);
  const metrics = groupBy(report.metrics, (r) => r.model);
  const listed = new Set(report.models.map((m) => m.name));
  return {
    findingsOf: (model) => findings.get(model) ?? [],
    metricsOf: (model) => metrics.get(model) ?? [],
    unlisted: report.findings.filter((f) => f.model === null || !listed.has(f.model)),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string | null, T[]> {
  const out = new Map<string | null, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}
