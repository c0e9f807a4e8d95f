import { collectModels } from "./collect-models.ts";
import { detectChanges } from "./gates/detect-changes.ts";
import { documentationGate } from "./gates/documentation-gate.ts";
import { EvaluationFamilies } from "./gates/evaluation/evaluation-families.ts";
import { evaluationGate } from "./gates/evaluation-gate.ts";
import { lineageGate } from "./gates/lineage-gate.ts";
import { versioningGate } from "./gates/versioning-gate.ts";
import type { CardParser } from "./parse/parse-model-card.ts";
import { sharedGatesForModel } from "./policy/gates-for-model.ts";
import { loadPolicy } from "./policy/load-policy.ts";
import type { Gates, Policy } from "./policy/schema.ts";
import { statisticsLine } from "./render/statistics-line.ts";
import type { Conclusion, GateOutcome, ModelReport, Override, Report } from "./report.ts";
import {
  type EvaluationResult,
  type Finding,
  GATE_NAMES,
  type GateName,
  type MetricRow,
  type ModelContext,
  type RepoSnapshot,
} from "./types.ts";

export const DEFAULT_POLICY_PATH = ".github/modelgate.yml";

export interface EvaluateOptions {
  /** The governing policy: the default branch's, never the PR's. */
  policy: Policy;
  /** Where the policy lives, to notice a PR that edits it. */
  policyPath?: string;
  /** Only these models (CLI `--model`); all when empty. */
  models?: readonly string[];
  /**
   * Which policy governs, as the policy.changed notice names it: "the default branch's" (the
   * App, the default), or the CLI's `--policy FILE` or base ref.
   */
  governedBy?: string;
  /** Gates marked passed for this head commit. */
  overrides?: Partial<Record<GateName, Override>>;
  /** The repository's name: a card at its root without a name is named after it (SPEC §1.1). */
  repository?: string;
  /** What turns a card's text into a card: parseModelCard unless given (the CLI parses in threads). */
  parseCard?: CardParser;
}

/** Evaluates a pull request: finds the changed models, runs the four gates, concludes. */
export async function evaluatePr(snapshot: RepoSnapshot, opts: EvaluateOptions): Promise<Report> {
  const policyPath = opts.policyPath ?? DEFAULT_POLICY_PATH;
  const governedBy = opts.governedBy ?? "the default branch's";
  const collected = await collectModels(snapshot, opts.policy, [policyPath], opts.repository, opts.parseCard);
  const findings: Finding[] = [];
  const notes = [...collected.notes];

  const policyChange = collected.changed.find((f) => f.path === policyPath || f.previousPath === policyPath);
  // Deleted or moved away: after merge the defaults apply, and there is nothing to validate.
  const policyGone = policyChange?.status === "removed" || policyChange?.path !== policyPath;
  if (policyChange && policyGone)
    findings.push(policyChanged(policyPath, "it is deleted, so the defaults will apply", governedBy));
  else if (policyChange)
    findings.push(...dryRunPolicy(policyPath, collected.headText(policyPath), governedBy));

  const wanted = opts.models && opts.models.length > 0 ? new Set(opts.models) : null;
  const models = collected.models.filter((m) => wanted === null || wanted.has(m.name));
  const reports: ModelReport[] = [];
  const metrics: MetricRow[] = [];
  // SPEC §3.4: every model's significance tests form one family, decided once all have run.
  const families = new EvaluationFamilies();
  const ran = models.map((ctx) => {
    const gates = sharedGatesForModel(opts.policy, ctx.name);
    return { ctx, gates, run: runGates(ctx, gates, families) };
  });
  const statistics = families.decide();
  for (const { ctx, gates, run } of ran) {
    const result = concludeModel(ctx, gates, run, opts.overrides ?? {});
    reports.push(result.report);
    findings.push(...result.findings);
    metrics.push(...result.metrics);
  }
  notes.push(...statistics.map(statisticsLine));
  for (const f of collected.findings) {
    // By the wanted names, not the evaluated models: an unreadable card's model is not evaluated.
    if (wanted !== null && f.model !== null && !wanted.has(f.model)) continue;
    findings.push(applyMode(f, f.gate, opts.policy.gates, opts.overrides ?? {}));
  }

  const gates = GATE_NAMES.map((gate) =>
    summarizeGate(gate, reports, findings, opts.overrides?.[gate] ?? null),
  );
  const touched =
    reports.length > 0 ||
    policyChange !== undefined ||
    collected.findings.length > 0 ||
    collected.removed.length > 0;
  const conclusion: Conclusion = findings.some((f) => f.severity === "error")
    ? "failure"
    : touched
      ? "success"
      : "neutral";
  if (!touched) notes.push("this PR changes no model card, manifest or artifact, and not the policy");
  return { conclusion, models: reports, gates, findings: sortFindings(findings), metrics, notes };
}

interface GateRun {
  raw: Finding[];
  /** The evaluation gate's findings: complete only once the significance families are decided. */
  evaluation: EvaluationResult | null;
  ran: Set<GateName>;
}

/** Phase one of a model: every gate runs; the evaluation's significance verdicts wait for the family. */
function runGates(ctx: ModelContext, gates: Gates, families: EvaluationFamilies): GateRun {
  const raw: Finding[] = [];
  const ran = new Set<GateName>();
  if (gates.documentation.mode !== "off") {
    ran.add("documentation");
    raw.push(...documentationGate(ctx, gates));
  }
  if (gates.versioning.mode !== "off") {
    ran.add("versioning");
    raw.push(...versioningGate(ctx, gates));
  }
  if (gates.lineage.mode !== "off") {
    ran.add("lineage");
    raw.push(...lineageGate(ctx, gates));
  }
  let evaluation: EvaluationResult | null = null;
  if (gates.evaluation.mode !== "off") {
    ran.add("evaluation");
    evaluation = evaluationGate(ctx, gates, families);
  }
  return { raw, evaluation, ran };
}

/** Phase two of a model: gate modes, overrides and outcomes over its complete findings. */
function concludeModel(
  ctx: ModelContext,
  gates: Gates,
  run: GateRun,
  overrides: Partial<Record<GateName, Override>>,
) {
  const raw = [...run.raw, ...(run.evaluation?.findings ?? [])];
  const metrics = run.evaluation?.metrics ?? [];
  const notes = run.evaluation?.notes ?? [];
  const ran = run.ran;
  const findings = raw.map((f) => applyMode(f, f.gate, gates, overrides));
  const outcomes: GateOutcome[] = GATE_NAMES.map((gate) => {
    const own = findings.filter((f) => f.gate === gate);
    const errors = own.filter((f) => f.severity === "error").length;
    const overridden =
      overrides[gate] && raw.some((f) => f.gate === gate && f.severity === "error") ? overrides[gate] : null;
    return {
      gate,
      conclusion: !ran.has(gate) ? "skipped" : errors > 0 ? "failure" : "success",
      overridden: overridden ?? null,
      errors,
      warnings: own.filter((f) => f.severity === "warning").length,
    } satisfies GateOutcome;
  });
  const report: ModelReport = {
    name: ctx.name,
    source: ctx.source ?? "native",
    card: ctx.card.file,
    manifest: ctx.manifest?.file ?? null,
    version: ctx.card.version,
    baseVersion: ctx.baseCard?.version ?? null,
    isNew: ctx.baseCard === null,
    changes: ctx.baseCard === null ? [] : detectChanges(ctx),
    gates: outcomes,
    runUrl: ctx.manifest?.run?.url ?? null,
    notes,
  };
  return { report, findings, metrics };
}

/** `warn` turns a gate's errors into warnings; an override turns them into notices that say who and why. */
function applyMode(
  f: Finding,
  gate: string,
  gates: Gates,
  overrides: Partial<Record<GateName, Override>>,
): Finding {
  if (!isGate(gate) || f.severity !== "error") return f;
  const override = overrides[gate];
  if (override)
    return {
      ...f,
      severity: "notice",
      message: `${f.message} (overridden by @${override.by}: ${override.reason})`,
    };
  if (gates[gate].mode === "warn") return { ...f, severity: "warning" };
  return f;
}

const isGate = (g: string): g is GateName => (GATE_NAMES as readonly string[]).includes(g);

function summarizeGate(
  gate: GateName,
  reports: ModelReport[],
  findings: Finding[],
  override: Override | null,
): GateOutcome {
  const outcomes = reports.map((r) => r.gates.find((g) => g.gate === gate)).filter((g) => g !== undefined);
  const own = findings.filter((f) => f.gate === gate);
  const errors = own.filter((f) => f.severity === "error").length;
  const ran = outcomes.some((o) => o.conclusion !== "skipped") || own.length > 0;
  return {
    gate,
    conclusion: !ran ? "skipped" : errors > 0 ? "failure" : "success",
    overridden: outcomes.some((o) => o.overridden) ? override : null,
    errors,
    warnings: own.filter((f) => f.severity === "warning").length,
  };
}

/** A PR that edits the policy: its version is validated and reported, but does not govern the PR. */
function dryRunPolicy(policyPath: string, text: string | null, governedBy: string): Finding[] {
  const result = loadPolicy(policyPath, text);
  const verdict =
    result.findings.length === 0
      ? "it is valid"
      : `it has ${result.findings.length} error(s), annotated below`;
  return [policyChanged(policyPath, verdict, governedBy), ...result.findings];
}

function policyChanged(policyPath: string, verdict: string, governedBy: string): Finding {
  return {
    gate: "policy",
    code: "policy.changed",
    severity: "notice",
    model: null,
    file: policyPath,
    line: 1,
    message: `this PR changes the policy; it takes effect after merge, and this PR is checked with ${governedBy}. Dry run: ${verdict}`,
  };
}

// The order `localeCompare` gives, without building a collator per comparison: a repository-wide
// check sorts hundreds of thousands of findings.
const COLLATOR = new Intl.Collator();
const SEVERITY_ORDER = { error: 0, warning: 1, notice: 2 } as const;
function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      COLLATOR.compare(a.model ?? "", b.model ?? "") ||
      COLLATOR.compare(a.file ?? "", b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0),
  );
}
