import { randomBytes } from "node:crypto";
import { mdEscape } from "../core/render/markdown-escape.ts";
import { renderMarkdown } from "../core/render/render-markdown.ts";
import { renderText } from "../core/render/render-text.ts";
import type { Report } from "../core/report.ts";
import { type PullRequestEvent, readPullRequestEvent } from "./actions-event.ts";
import { ACTIONS_BOT, upsertActionsComment } from "./ci-comment.ts";
import type { CliIo } from "./cli-io.ts";
import { EXIT } from "./exit-codes.ts";
import { git } from "./git-snapshot.ts";
import { commitOf, openSnapshot } from "./open-snapshot.ts";
import { parseFlags } from "./parse-flags.ts";
import { runEvaluation } from "./run-evaluation.ts";
import { appendStepSummary } from "./step-summary.ts";
import { COMMAND_USAGE } from "./usage.ts";
import { UsageError } from "./usage-error.ts";
import { annotations, escapeData, omittedText } from "./workflow-commands.ts";

const FLAGS = { comment: { type: "boolean" }, policy: { type: "string" } } as const;

/**
 * `modelgate ci`: the App's evaluation inside a GitHub Actions job on pull_request, for teams
 * without the App or whose metrics exist only after a CI step (`dvc pull`). Findings become
 * annotations, the report goes to the job summary and, with --comment, to the sticky comment.
 */
export async function ciCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseFlags("ci", argv, FLAGS);
  if (parsed.help) {
    io.stdout(COMMAND_USAGE.ci);
    return EXIT.ok;
  }
  const env = io.env ?? process.env;
  const pr = await readPullRequestEvent(env);
  const token = env.GITHUB_TOKEN;
  if (parsed.flags.comment && !token)
    throw new UsageError(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow's syntax, shown as is
      "--comment needs GITHUB_TOKEN in the environment (in the workflow: env: GITHUB_TOKEN: ${{ github.token }})",
      "ci",
    );

  const author = commentAuthor(env);
  const { ref, label, prefix } = await baseOf(pr, io);
  const opened = await openSnapshot({ cwd: io.cwd, base: ref, baseLabel: label });
  const result = await runEvaluation({
    cwd: io.cwd,
    opened,
    policyFlag: parsed.flags.policy,
    warn: io.stderr,
  });
  const report = result.report;
  const policyLine = result.ok ? result.policyLine : `policy: ${result.policyName} is invalid: no gate ran`;

  printLog(io, report, policyLine, prefix);
  // Findings name files relative to the folder checked; GitHub wants them from the repository root.
  const server = (env.GITHUB_SERVER_URL ?? "https://github.com").replace(/\/+$/, "");
  const blobUrl = `${server}/${pr.owner}/${pr.repo}/blob/${pr.headSha}${prefix ? `/${prefix.replace(/\/$/, "")}` : ""}`;
  const markdown = `${renderMarkdown(report, { blobUrl })}\n_${mdEscape(policyLine)}_\n`;
  if (env.GITHUB_STEP_SUMMARY) await appendStepSummary(env.GITHUB_STEP_SUMMARY, markdown);
  else io.stdout("modelgate: GITHUB_STEP_SUMMARY is not set; no job summary written\n");

  if (parsed.flags.comment && token) {
    const apiUrl = env.GITHUB_API_URL ?? "https://api.github.com";
    try {
      const writes = await upsertActionsComment({ pr, token, apiUrl, author }, markdown);
      io.stdout(`modelgate: PR comment ${writes === 0 ? "unchanged" : "written"}\n`);
    } catch (err) {
      // The verdict stands without the comment; say why it is missing where people look.
      io.stdout(`::warning title=modelgate::${escapeData(commentError(err))}\n`);
    }
  }
  if (!result.ok) return EXIT.usage;
  return report.conclusion === "failure" ? EXIT.failure : EXIT.ok;
}

/**
 * The base to compare with: the merge-base of HEAD and the event's base commit, as `check` does.
 * A shallow checkout (actions/checkout's default depth 1) lacks the base commit: fetch just it.
 * Without shared history (still shallow) the base commit itself is the base, which is exact for
 * the merge commit actions/checkout makes of a pull request.
 */
async function baseOf(
  pr: PullRequestEvent,
  io: CliIo,
): Promise<{ ref: string; label: string; prefix: string }> {
  const root = (
    await git(io.cwd, ["rev-parse", "--show-toplevel"]).catch(() => {
      throw new UsageError(`${io.cwd} is not a git checkout: run actions/checkout before modelgate ci`, "ci");
    })
  ).trim();
  // `working-directory: ml` in the workflow: the folder checked, as a path in the repository.
  const prefix = (await git(io.cwd, ["rev-parse", "--show-prefix"])).trim();
  const short = pr.baseSha.slice(0, 7);
  if ((await commitOf(root, pr.baseSha)) === null) {
    io.stdout(`modelgate: fetching the PR's base commit ${short} (the checkout is shallow)\n`);
    await git(root, ["fetch", "--no-tags", "--depth=1", "origin", pr.baseSha]).catch((err: unknown) => {
      throw new Error(
        `cannot fetch the PR's base commit ${pr.baseSha} from origin (${firstLine(err)}); use actions/checkout with fetch-depth: 0`,
      );
    });
  }
  const mergeBase = await git(root, ["merge-base", "HEAD", pr.baseSha]).then(
    (out) => out.trim(),
    () => null,
  );
  if (mergeBase)
    return {
      ref: mergeBase,
      label: `the merge-base with the PR's base ${short} (${mergeBase.slice(0, 7)})`,
      prefix,
    };
  return { ref: pr.baseSha, label: `the PR's base commit ${short}`, prefix };
}

/**
 * The text report in the log. It quotes files of the PR, so the runner is told not to read
 * workflow commands in it (`::stop-commands::`, with a token nobody can guess), then the
 * annotations, which are ours.
 */
function printLog(io: CliIo, report: Report, policyLine: string, prefix: string): void {
  const stop = randomBytes(16).toString("hex");
  io.stdout(`::group::modelgate report\n::stop-commands::${stop}\n`);
  io.stdout(renderText(report));
  io.stdout(`  ${policyLine}\n::${stop}::\n::endgroup::\n`);
  const inRepo = report.findings.map((f) => (f.file && prefix ? { ...f, file: prefix + f.file } : f));
  const { lines, omitted } = annotations(inRepo);
  for (const line of lines) io.stdout(`${line}\n`);
  const more = omittedText(omitted);
  if (more)
    io.stdout(
      `modelgate: ${more} not annotated (GitHub shows 10 of each kind per step); the report above and the job summary list them all\n`,
    );
}

/**
 * Whose comments are ours. GITHUB_TOKEN writes as github-actions[bot]; a workflow that comments
 * with another token (an App's installation token) names that bot, or every run would find no
 * comment of its own and add one more.
 */
function commentAuthor(env: Readonly<Record<string, string | undefined>>): string {
  const login = env.MODELGATE_COMMENT_AUTHOR?.trim();
  if (!login) return ACTIONS_BOT;
  if (!/^[A-Za-z0-9][A-Za-z0-9-]{0,38}(\[bot\])?$/.test(login))
    throw new UsageError(
      `MODELGATE_COMMENT_AUTHOR must be a GitHub login such as my-app[bot] (got ${JSON.stringify(login)})`,
      "ci",
    );
  return login;
}

function commentError(err: unknown): string {
  const status = (err as { status?: unknown }).status;
  const why = firstLine(err);
  if (status === 403 || status === 404)
    return `could not write the PR comment (${status}: ${why}). The job needs permissions: pull-requests: write; on a pull request from a fork GITHUB_TOKEN is read-only.`;
  return `could not write the PR comment: ${why}`;
}

const firstLine = (err: unknown): string =>
  (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "";
