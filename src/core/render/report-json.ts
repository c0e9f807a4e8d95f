import type { Report } from "../report.ts";

/** The `--format json` object of SPEC §5: stable keys in snake_case. */
export function reportJson(report: Report) {
  return {
    conclusion: report.conclusion,
    models: report.models.map((m) => ({
      name: m.name,
      source: m.source,
      card: m.card,
      version: m.version,
      base_version: m.baseVersion,
      changes: m.changes,
    })),
    gates: report.gates.map((g) => ({
      gate: g.gate,
      conclusion: g.overridden ? "success" : g.conclusion,
      overridden: g.overridden,
    })),
    findings: report.findings.map((f) => ({
      gate: f.gate,
      code: f.code,
      severity: f.severity,
      model: f.model,
      file: f.file,
      line: f.line,
      message: f.message,
    })),
    metrics: report.metrics.map((m) => ({
      model: m.model,
      name: m.name,
      slice: m.slice,
      dataset: m.dataset,
      config: m.config,
      split: m.split,
      base: m.base,
      head: m.head,
      delta: m.delta,
      status: m.status,
    })),
  };
}
