import { jsonChunks } from "../core/render/json-chunks.ts";
import { mdEscape } from "../core/render/markdown-escape.ts";
import { renderMarkdown } from "../core/render/render-markdown.ts";
import { renderText } from "../core/render/render-text.ts";
import { reportJson } from "../core/render/report-json.ts";
import type { Finding } from "../core/types.ts";
import type { CliIo } from "./cli-io.ts";
import { EXIT } from "./exit-codes.ts";
import { openSnapshot } from "./open-snapshot.ts";
import { parseFlags } from "./parse-flags.ts";
import { runEvaluation } from "./run-evaluation.ts";
import { COMMAND_USAGE } from "./usage.ts";
import { UsageError } from "./usage-error.ts";

const FLAGS = {
  base: { type: "string" },
  "base-dir": { type: "string" },
  "head-dir": { type: "string" },
  policy: { type: "string" },
  format: { type: "string" },
  model: { type: "string", multiple: true },
} as const;

const FORMATS = ["text", "json", "markdown"] as const;

/** `modelgate check`: the App's evaluation of a PR, on a working tree or two folders. */
export async function checkCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseFlags("check", argv, FLAGS);
  if (parsed.help) {
    io.stdout(COMMAND_USAGE.check);
    return EXIT.ok;
  }
  const { flags } = parsed;
  const format = flags.format ?? "text";
  if (!FORMATS.some((f) => f === format))
    throw new UsageError(`--format must be text, json or markdown (got ${format})`, "check");

  const opened = await openSnapshot({
    cwd: io.cwd,
    base: flags.base,
    baseDir: flags["base-dir"],
    headDir: flags["head-dir"],
  });
  const result = await runEvaluation({
    cwd: io.cwd,
    opened,
    policyFlag: flags.policy,
    models: flags.model ?? [],
    warn: io.stderr,
  });
  if (!result.ok) {
    io.stderr(
      `modelgate: the policy ${result.policyName} is invalid:\n${result.findings.map(findingText).join("\n")}\n`,
    );
    if (format === "json") writeJson(io, reportJson(result.report));
    return EXIT.usage;
  }
  const { report, policyLine } = result;
  if (format === "json") writeJson(io, reportJson(report));
  else if (format === "markdown") io.stdout(`${renderMarkdown(report)}\n_${mdEscape(policyLine)}_\n`);
  else io.stdout(withPolicyLine(renderText(report), policyLine));
  return report.conclusion === "failure" ? EXIT.failure : EXIT.ok;
}

/** The JSON report as JSON.stringify(…, null, 2) writes it, in chunks rather than one string. */
function writeJson(io: CliIo, value: unknown): void {
  for (const chunk of jsonChunks(value)) io.stdout(chunk);
  io.stdout("\n");
}

/** The verdict line first (scripts read it), then which policy gave it. */
function withPolicyLine(text: string, policyLine: string): string {
  const nl = text.indexOf("\n");
  return nl < 0 ? `${text}\n  ${policyLine}\n` : `${text.slice(0, nl)}\n  ${policyLine}${text.slice(nl)}`;
}

export const findingText = (f: Finding): string =>
  `${f.file ?? ""}${f.line ? `:${f.line}` : ""}: ${f.code}: ${f.message}`;
