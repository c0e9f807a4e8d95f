import type { ChangeKind, Finding, GateName, MetricRow, SourceName } from "./types.ts";

export type Conclusion = "success" | "failure" | "neutral";
export type GateConclusion = "success" | "failure" | "skipped";

/** Who marked a failing gate passed, and why (`/override GATE REASON`). */
export interface Override {
  by: string;
  reason: string;
}

export interface GateOutcome {
  gate: GateName;
  conclusion: GateConclusion;
  /** Set when the gate failed and was overridden: it then counts as passed. */
  overridden: Override | null;
  errors: number;
  warnings: number;
}

export interface ModelReport {
  name: string;
  /** The format the model was read from (SPEC §1.4). */
  source: SourceName;
  /** Path of the head card. */
  card: string;
  /** Path of the manifest, when one was resolved. */
  manifest: string | null;
  version: string | null;
  baseVersion: string | null;
  /** True when the card does not exist at base. */
  isNew: boolean;
  changes: ChangeKind[];
  gates: GateOutcome[];
  /** The experiment run's URL, from the manifest. */
  runUrl: string | null;
  notes: string[];
}

export interface Report {
  conclusion: Conclusion;
  models: ModelReport[];
  /** One entry per gate across all models. */
  gates: GateOutcome[];
  findings: Finding[];
  metrics: MetricRow[];
  /** Sentences about the whole run (e.g. "the PR changes the policy"). */
  notes: string[];
}

export const countBySeverity = (findings: readonly Finding[]) => ({
  errors: findings.filter((f) => f.severity === "error").length,
  warnings: findings.filter((f) => f.severity === "warning").length,
  notices: findings.filter((f) => f.severity === "notice").length,
});
