import type { Context } from "probot";
import { evaluatePr } from "../core/evaluate-pr.ts";
import { renderMarkdown } from "../core/render/render-markdown.ts";
import type { Report } from "../core/report.ts";
import { authorityOf } from "./authority/read-authority.ts";
import { buildCheckRuns, checkRunNames } from "./check-output.ts";
import { memoSnapshot } from "./commands/memo-snapshot.ts";
import { type RolloutSectionOptions, rolloutSection } from "./commands/rollout-section.ts";
import { explainError } from "./explain-error.ts";
import { GitHubSnapshot, TooManyFilesError } from "./github-snapshot.ts";
import { loadGitHubPolicy } from "./load-github-policy.ts";
import { publishChecks } from "./publish-checks.ts";
import { findSticky, stickyBody, upsertSticky } from "./sticky-comment.ts";
import type { PrRef } from "./types.ts";
import { verdictOnHead } from "./verdict-on-head.ts";

export interface AppIdentity {
  appId: number;
  /** The App's bot login, `slug[bot]`. */
  botLogin: string;
  /** The web host for links, e.g. `https://github.com`. */
  webUrl: string;
  /** Signs and verifies modelgate's records (see authority/authority-key.ts). */
  key: Buffer;
}

export type EvaluateContext = Pick<Context, "config" | "octokit" | "repo" | "log" | "id">;

export interface EvaluationOutcome {
  posted: boolean;
  writes: number;
  report: Report | null;
  /**
   * The verdict is posted but the sticky comment could not be written. The handler then fails
   * the event, so that GitHub's delivery log shows it and the recovery sweep (SPEC §4.6)
   * redelivers it; that evaluation, like any later one, finds the check unchanged (no write)
   * and writes the comment.
   */
  stickyPending: boolean;
  /** What went wrong, if anything (already answered by a check or logged). */
  error: unknown;
}

/** The App's main job: evaluate the PR, post the check run(s) and the sticky comment. */
export async function evaluatePullRequest(
  context: EvaluateContext,
  pr: PrRef & { changedFiles: number | null },
  app: AppIdentity,
  rollout: RolloutSectionOptions = {},
): Promise<EvaluationOutcome> {
  const snapshot = new GitHubSnapshot(context.octokit, pr, app.appId, pr.changedFiles);
  // Reads are memoized so that applying overrides (known only after the first read) costs no call.
  const memo = memoSnapshot(snapshot);
  const log = context.log.child({ delivery: context.id, pr: pr.number, sha: pr.headSha });
  // A failure is posted under the names branch protection requires, once the policy says them.
  let failureNames: string[] | null = null;
  // The runs found on the head after a failed check write.
  let landed: Set<string> | null = null;
  try {
    // One opening query brings the policy texts, the changed files and the PR's state together.
    const policy = await loadGitHubPolicy(context, await snapshot.policy());
    failureNames = checkRunNames(policy.policy?.checks ?? { name: "modelgate", split: false });
    let report = policy.policy
      ? await evaluatePr(memo, { policy: policy.policy, repository: pr.repo })
      : ({
          conclusion: "failure",
          models: [],
          gates: [],
          findings: policy.findings,
          metrics: [],
          notes: ["the policy on the default branch is invalid: no gate ran until it is fixed"],
        } satisfies Report);
    const state = await snapshot.state();
    if (state.headRefOid && state.headRefOid !== pr.headSha) {
      log.info({ head: state.headRefOid }, "the PR has moved on; result not posted");
      return { posted: false, writes: 0, report, stickyPending: false, error: null };
    }
    const sticky = findSticky(state, app.botLogin);
    // Overrides come only from the App's records run on this head (state.checkRuns are ours).
    const { overrides } = authorityOf({
      runs: state.checkRuns,
      labels: [],
      key: app.key,
      binding: { repo: `${pr.owner}/${pr.repo}`.toLowerCase(), pr: pr.number, sha: pr.headSha },
    });
    if (policy.policy && Object.keys(overrides).length > 0)
      report = await evaluatePr(memo, { policy: policy.policy, overrides, repository: pr.repo });
    const tracker = policy.policy
      ? await rolloutSection(context.octokit, pr, policy.policy, report, state, sticky?.body ?? null, {
          ...rollout,
          botLogin: app.botLogin,
        })
      : "";
    const blobUrl = `${app.webUrl}/${pr.owner}/${pr.repo}/blob/${pr.headSha}`;
    const checks = policy.policy?.checks ?? { name: "modelgate", split: false };
    const runs = buildCheckRuns(report, checks, blobUrl);
    let writes: number;
    try {
      writes = await publishChecks(context.octokit, pr, state, runs);
    } catch (err) {
      // A 502 or a timeout may come after GitHub created the run: look before saying "failed".
      const found = await verdictOnHead(context.octokit, pr, app.appId, runs);
      landed = found;
      if (runs.some((r) => !found.has(r.name))) throw err;
      log.warn({ err }, "GitHub answered an error, but the check run was created: the verdict stands");
      writes = runs.length; // at most: which requests GitHub carried out is not known
    }
    // The verdict is on the head: from here on, no error replaces it (SPEC §4.4).
    const body = stickyBody(renderMarkdown(report, { blobUrl }), tracker);
    try {
      writes += await upsertSticky(context.octokit, pr, state, app.botLogin, body);
    } catch (err) {
      log.error(
        { err, conclusion: report.conclusion },
        "the verdict is posted, but the sticky comment could not be written: the next event for this PR writes it",
      );
      return { posted: true, writes, report, stickyPending: true, error: err };
    }
    log.info({ conclusion: report.conclusion, writes, reads: snapshot.requests }, "evaluated");
    return { posted: true, writes, report, stickyPending: false, error: null };
  } catch (err) {
    log.error({ err }, "evaluation failed");
    const reason = err instanceof TooManyFilesError ? err.message : explainError(err);
    // The opening query (which brings the policy) failed: the names come from the policy read by REST.
    failureNames ??= await loadGitHubPolicy(context)
      .then((p) => checkRunNames(p.policy?.checks ?? { name: "modelgate", split: false }))
      .catch(() => checkRunNames({ name: "modelgate", split: false }));
    // A run whose verdict reached the head before the error (split checks: some gates) keeps it.
    const unposted = failureNames.filter((name) => !landed?.has(name));
    await postFailure(context, pr, unposted, reason).catch((e2) =>
      log.error({ err: e2 }, "could not post the failure check either"),
    );
    return { posted: false, writes: 0, report: null, stickyPending: false, error: err };
  }
}

/** Never a silent nothing: a failing check that says what went wrong and how to fix it. */
async function postFailure(
  context: EvaluateContext,
  pr: PrRef,
  names: string[],
  reason: string,
): Promise<void> {
  for (const name of names)
    await context.octokit.rest.checks.create({
      owner: pr.owner,
      repo: pr.repo,
      name,
      head_sha: pr.headSha,
      status: "completed",
      conclusion: "failure",
      output: { title: "modelgate could not evaluate this pull request", summary: reason },
    });
}
