import type { ModelReport, Report } from "../report.ts";
import type { Finding, MetricRow } from "../types.ts";
import { formatDelta, formatNumber } from "./format-number.ts";
import { headline } from "./headline.ts";
import { neutralize } from "./neutralize.ts";
import { indexReport, type ReportIndex } from "./report-index.ts";
import { versionChange } from "./version-change.ts";

const ICON = { success: "✅", failure: "❌", neutral: "⚪", skipped: "➖" } as const;
const SEVERITY_ICON = { error: "❌", warning: "⚠️", notice: "ℹ️" } as const;
const STATUS_ICON: Record<MetricRow["status"], string> = {
  ok: "✅ ok",
  improved: "📈 improved",
  regression: "❌ regression",
  "not-significant": "⚠️ not significant",
  "below-min": "❌ below min",
  "above-max": "❌ above max",
  new: "🆕 new",
  "not-comparable": "⚠️ not comparable",
  "low-n": "ℹ️ low n",
  "unguarded-drop": "⚠️ dropped, no rule",
};

export interface MarkdownOptions {
  /** Link findings to files at this commit: `https://github.com/o/r/blob/SHA`. */
  blobUrl?: string;
}

/** The report as GitHub Markdown: the check run summary, the sticky comment and `--format markdown`. */
export function renderMarkdown(report: Report, opts: MarkdownOptions = {}): string {
  const out: string[] = [
    `**${ICON[report.conclusion]} modelgate: ${report.conclusion}** — ${headline(report)}`,
    "",
  ];
  for (const note of report.notes) out.push(`> ${neutralize(note, { max: MESSAGE_MAX })}`, "");
  const index = indexReport(report);
  for (const m of report.models) out.push(...modelSection(m, index, opts), "");
  const orphan = index.unlisted;
  if (orphan.length > 0) out.push("#### Repository", "", ...findingList(orphan, opts), "");
  return out.join("\n");
}

export function modelSection(m: ModelReport, index: ReportIndex, opts: MarkdownOptions): string[] {
  const version = versionChange(m, code, "new model");
  const out = [`### ${neutralize(m.name)} ${version}`, "", `Source: ${m.source} (${code(m.card)})`, ""];
  if (m.changes.length > 0) out.push(`Changes: ${m.changes.join(", ")}`, "");
  if (m.runUrl && /^https?:\/\//.test(m.runUrl))
    out.push(`Run: [${neutralize(m.runUrl)}](${linkTarget(m.runUrl)})`, "");
  const findings = index.findingsOf(m.name);
  out.push("| gate | result | findings |", "|---|---|---|");
  for (const g of m.gates) {
    const result = g.overridden
      ? `✅ overridden by @${neutralize(g.overridden.by)}: ${neutralize(g.overridden.reason, { max: 500 })}`
      : `${ICON[g.conclusion]} ${g.conclusion}`;
    const codes = [...new Set(findings.filter((f) => f.gate === g.gate).map((f) => `\`${f.code}\``))].join(
      " ",
    );
    out.push(`| ${g.gate} | ${result} | ${codes || "—"} |`);
  }
  out.push("");
  for (const note of m.notes) out.push(`- ${neutralize(note, { max: MESSAGE_MAX })}`);
  if (m.notes.length > 0) out.push("");
  if (findings.length > 0) out.push(...findingList(findings, opts), "");
  out.push(...metricTables(index.metricsOf(m.name)));
  return out;
}

function findingList(findings: readonly Finding[], opts: MarkdownOptions): string[] {
  return findings.map((f) => {
    const where = f.file ? ` ${location(f, opts)}` : "";
    return `- ${SEVERITY_ICON[f.severity]} ${neutralize(f.code, { code: "span" })}${where}: ${neutralize(f.message, { max: MESSAGE_MAX })}`;
  });
}

function location(f: Finding, opts: MarkdownOptions): string {
  const label = neutralize(`${f.file}${f.line ? `:${f.line}` : ""}`, { code: "span" });
  if (!opts.blobUrl || !f.file) return label;
  return `[${label}](${opts.blobUrl}/${linkTarget(f.file, { path: true })}${f.line ? `#L${f.line}` : ""})`;
}

/** The overall metrics as a table; slices folded in `<details>` so large reports stay readable. */
function metricTables(rows: readonly MetricRow[]): string[] {
  if (rows.length === 0) return [];
  const overall = rows.filter((r) => r.slice === null);
  const slices = rows.filter((r) => r.slice !== null);
  const out = [...table(overall, false), ""];
  if (slices.length > 0) {
    const bad = slices.filter(
      (r) => r.status === "regression" || r.status === "below-min" || r.status === "above-max",
    ).length;
    out.push(
      `<details><summary>${slices.length} slice metrics${bad > 0 ? ` (${bad} failing)` : ""}</summary>`,
      "",
      ...table(slices, true),
      "",
      "</details>",
      "",
    );
  }
  return out;
}

function table(rows: MetricRow[], withSlice: boolean): string[] {
  if (rows.length === 0) return [];
  // The data column only when two rows of one metric need it (SPEC §1.1).
  const withData = rows.some((r) => r.context !== null);
  const titles = ["metric", ...(withData ? ["data"] : []), ...(withSlice ? ["slice"] : [])];
  const head = `| ${titles.join(" | ")} | base | head | Δ | status |\n|${titles.map(() => "---|").join("")}---:|---:|---:|---|`;
  return [
    head,
    ...rows.map((r) => {
      const cells = [
        neutralize(r.name),
        ...(withData ? [neutralize(r.context ?? "")] : []),
        ...(withSlice ? [neutralize(r.slice ?? "")] : []),
        formatNumber(r.base),
        formatNumber(r.head),
        formatDelta(r.delta),
        STATUS_ICON[r.status],
      ];
      return `| ${cells.join(" | ")} |`;
    }),
  ];
}

const code = (s: string): string => neutralize(s, { code: "span", max: 100 });

/** Finding messages quote files: longer than names, still bounded. */
const MESSAGE_MAX = 2000;

/**
 * A URL as a Markdown link target: percent-encoded, so no `)` or space can end it early and no
 * `@` reads as a mention. A file path also has its `#` encoded (it is part of the name there).
 */
const linkTarget = (s: string, opts: { path?: boolean } = {}): string =>
  encodeURI(s).replace(
    opts.path ? /[()@#]/g : /[()@]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
