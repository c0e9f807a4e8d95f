import { createHash } from "node:crypto";
import type { Policy } from "../core/policy/schema.ts";
import { headline } from "../core/render/headline.ts";
import { mdEscape } from "../core/render/markdown-escape.ts";
import { renderMarkdown } from "../core/render/render-markdown.ts";
import type { GateOutcome, Report } from "../core/report.ts";
import { type Finding, GATE_NAMES, type GateName } from "../core/types.ts";

/** GitHub refuses a check run output over 65,535 characters. */
export const MAX_OUTPUT_CHARS = 65_535;
/**
 * GitHub takes at most 50 annotations per request, and modelgate sends at most one request per
 * check run (SPEC §4.1, §6): the first 50 findings are annotations, the rest listed in `text`.
 */
export const MAX_ANNOTATIONS = 50;

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "failure" | "warning" | "notice";
  title: string;
  message: string;
}

export interface CheckRunOutput {
  name: string;
  conclusion: "success" | "failure" | "neutral";
  title: string;
  summary: string;
  /** The findings beyond the annotations, with file:line; empty when all were annotated. */
  text: string;
  annotations: Annotation[];
}

const LEVEL = { error: "failure", warning: "warning", notice: "notice" } as const;

/** The names of the check run(s) a policy asks for: `name`, or `name/<gate>` for each gate with `split`. */
export function checkRunNames(checks: Policy["checks"]): string[] {
  return checks.split ? GATE_NAMES.map((gate) => `${checks.name}/${gate}`) : [checks.name];
}

/** The check run(s) for a report: one, or one per gate with `checks.split`. */
export function buildCheckRuns(report: Report, checks: Policy["checks"], blobUrl?: string): CheckRunOutput[] {
  const opts = blobUrl ? { blobUrl } : {};
  if (!checks.split) {
    return [
      finish({
        name: checks.name,
        conclusion: report.conclusion,
        title: headline(report),
        summary: renderMarkdown(report, opts),
        ...annotated(report.findings),
      }),
    ];
  }
  // Unreadable files and policy errors concern every gate: they fail each, annotated once.
  const general = report.findings.filter((f) => f.gate === "parse" || f.gate === "policy");
  return GATE_NAMES.map((gate, i) => {
    const own = report.findings.filter((f) => f.gate === gate);
    const sub: Report = {
      ...report,
      findings: [...own, ...general],
      metrics: gate === "evaluation" ? report.metrics : [],
    };
    const outcome = report.gates.find((g) => g.gate === gate);
    return finish({
      name: `${checks.name}/${gate}`,
      conclusion: gateConclusion(report, outcome, sub.findings),
      title: `${gate}: ${headline(sub)}`,
      summary: renderMarkdown(sub, opts),
      ...annotated(i === 0 ? [...own, ...general] : own),
    });
  });
}

function gateConclusion(
  report: Report,
  outcome: GateOutcome | undefined,
  findings: Finding[],
): CheckRunOutput["conclusion"] {
  if (report.conclusion === "neutral") return "neutral";
  if (findings.some((f) => f.severity === "error")) return "failure";
  return outcome?.conclusion === "skipped" ? "neutral" : "success";
}

const RANK = { error: 0, warning: 1, notice: 2 } as const;

/** The 50 most severe findings with a file as annotations (errors, warnings, notices); the rest in text. */
function annotated(findings: Finding[]): { annotations: Annotation[]; text: string } {
  const located = findings
    .filter((f): f is Finding & { file: string } => f.file !== null)
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
  const annotations = located.slice(0, MAX_ANNOTATIONS).map(
    (f) =>
      ({
        path: f.file,
        start_line: f.line ?? 1,
        end_line: f.line ?? 1,
        annotation_level: LEVEL[f.severity],
        title: f.code,
        message: f.message.slice(0, 60_000),
      }) satisfies Annotation,
  );
  const rest = located.slice(MAX_ANNOTATIONS);
  if (rest.length === 0) return { annotations, text: "" };
  const head = [
    `### ${rest.length} more ${rest.length === 1 ? "finding" : "findings"}`,
    "",
    `GitHub shows ${MAX_ANNOTATIONS} annotations per check run; these are the others.`,
    "",
  ];
  const items = rest.map(
    (f) =>
      `- ${SEVERITY_WORD[f.severity]} ${mdEscape(`${f.file}:${f.line ?? 1}`)} ${f.code}: ${mdEscape(f.message)}`,
  );
  return { annotations, text: listWithin([...head, ...items].join("\n"), items.length) };
}

const SEVERITY_WORD = { error: "**error**", warning: "warning", notice: "notice" } as const;

/** Under GitHub's limit, cut at an item, with a note of how many were left out and where they are. */
function listWithin(text: string, count: number): string {
  if (text.length + 1 <= MAX_OUTPUT_CHARS) return `${text}\n`;
  const note = (n: number) => `\n\n… and ${n} more; run \`modelgate check\` for all of them.\n`;
  const cut = text.lastIndexOf("\n- ", MAX_OUTPUT_CHARS - note(count).length);
  const kept = text.slice(0, cut);
  const left = count - (kept.match(/\n- /g) ?? []).length;
  return kept + note(left);
}

/** Truncates the summary under GitHub's limit and stamps a digest, so an unchanged result is recognised. */
function finish(run: CheckRunOutput): CheckRunOutput {
  const digest = createHash("sha256")
    .update(JSON.stringify([run.conclusion, run.title, run.summary, run.annotations, run.text]))
    .digest("hex")
    .slice(0, 16);
  const stamp = `\n<!-- modelgate:digest=${digest} -->\n`;
  const note = "\n\n… the report is truncated here; run `modelgate check` for the whole of it.\n";
  let summary = run.summary;
  if (summary.length + stamp.length > MAX_OUTPUT_CHARS)
    summary = summary.slice(0, MAX_OUTPUT_CHARS - stamp.length - note.length) + note;
  return { ...run, title: run.title.slice(0, 1000), summary: summary + stamp };
}

export const gateOf = (name: string, base: string): GateName | null => {
  const g = name.startsWith(`${base}/`) ? name.slice(base.length + 1) : null;
  return g && (GATE_NAMES as readonly string[]).includes(g) ? (g as GateName) : null;
};
