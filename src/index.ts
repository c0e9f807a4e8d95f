import { type ApplicationFunctionOptions, type Context, createProbot, type Probot } from "probot";
import { DEFAULT_POLICY_PATH } from "./core/evaluate-pr.ts";
import { authorityKeyFromSigner } from "./github/authority/authority-key.ts";
import { authorityStore, pullHead } from "./github/authority/authority-store.ts";
import type { EnvironmentLock } from "./github/commands/environment-lock.ts";
import { registerRollout } from "./github/commands/register-rollout.ts";
import type { AppIdentity, evaluatePullRequest } from "./github/evaluate-pull-request.ts";
import {
  findPullRequestsForSha,
  getPullRequest,
  type PrTarget,
  prTarget,
} from "./github/find-pull-request.ts";
import { ModelgateOctokit } from "./github/modelgate-octokit.ts";
import { registerProtectionRule } from "./github/protection/register-protection-rule.ts";
import { serializeEvaluations } from "./github/serialize-evaluations.ts";
import { StickyPendingError } from "./github/sticky-pending-error.ts";
import { appConfigFromEnv } from "./server/app-config.ts";
import { serveModelgate } from "./server/serve-modelgate.ts";

export { ModelgateOctokit } from "./github/modelgate-octokit.ts";
export { startModelgateServer } from "./server/start-modelgate-server.ts";

/**
 * The modelgate Probot app: wiring only. Each handler turns a payload into a PR and evaluates it;
 * around them, `/metrics`, the recovery of missed deliveries and, with `REDIS_URL`, the queue.
 */
export default async function modelgate(app: Probot, options?: ApplicationFunctionOptions): Promise<void> {
  const served = await serveModelgate(app, options, {
    ...appConfigFromEnv(process.env),
    register: modelgateWithLock,
    // The queue's workers get a Probot of their own, configured from the same environment, with
    // the same request policy (timeouts, rate-limit waits) as bin/app.js gives the App's.
    createProbot: () => createProbot({ overrides: { log: app.log, Octokit: ModelgateOctokit } }),
  });
  // SIGTERM (docker stop, Kubernetes): finish or hand back the jobs in flight, then exit.
  if (served.queue) process.once("SIGTERM", () => void served.close().finally(() => process.exit(0)));
}

/** The App with a given environment lock: replicas in one test share one Redis through it. */
export function modelgateWithLock(app: Probot, lock: EnvironmentLock): void {
  const identity = appIdentity(app);
  registerRollout(app, identity, lock);
  registerProtectionRule(app, identity, lock);
  const evaluate = serializeEvaluations(lock);

  app.on(
    [
      "pull_request.opened",
      "pull_request.synchronize",
      "pull_request.reopened",
      "pull_request.ready_for_review",
    ],
    async (context) => {
      const { owner, repo } = context.repo();
      const id = await identity();
      const { payload } = context;
      // A hold belongs to the PR, its record to a commit: a push carries it to the new head.
      if (payload.action === "synchronize")
        await authorityStore(context.octokit, { owner, repo }, id, lock)
          .carryHold(pullHead(payload.pull_request), payload.before)
          .catch((err: unknown) => context.log.error({ err }, "could not carry the hold to the new head"));
      const outcome = await evaluate(context, prTarget(owner, repo, payload.pull_request), id);
      StickyPendingError.check([{ pr: payload.pull_request.number, outcome }]);
    },
  );

  app.on("pull_request.edited", async (context) => {
    if (!context.payload.changes.base) return; // only a new base changes the evaluation
    const { owner, repo } = context.repo();
    const pull = context.payload.pull_request;
    const outcome = await evaluate(context, prTarget(owner, repo, pull), await identity());
    StickyPendingError.check([{ pr: pull.number, outcome }]);
  });

  app.on("check_run.rerequested", async (context) => {
    const run = context.payload.check_run;
    await evaluateSha(
      evaluate,
      context,
      run.head_sha,
      run.pull_requests.map((p) => p.number),
      await identity(),
    );
  });

  app.on(["check_suite.requested", "check_suite.rerequested"], async (context) => {
    const suite = context.payload.check_suite;
    await evaluateSha(
      evaluate,
      context,
      suite.head_sha,
      suite.pull_requests.map((p) => p.number),
      await identity(),
    );
  });

  // A new policy on the default branch re-evaluates the open PRs it governs.
  app.on("push", async (context) => {
    const { payload } = context;
    if (payload.ref !== `refs/heads/${payload.repository.default_branch}`) return;
    const touched = payload.commits.some((c) =>
      [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].includes(DEFAULT_POLICY_PATH),
    );
    if (!touched) return;
    const { owner, repo } = context.repo();
    const pulls = await context.octokit.paginate(context.octokit.rest.pulls.list, {
      owner,
      repo,
      state: "open",
      per_page: 100,
    });
    const id = await identity();
    const outcomes = [];
    for (const pull of pulls.slice(0, MAX_PRS_PER_POLICY_CHANGE))
      outcomes.push({ pr: pull.number, outcome: await evaluate(context, prTarget(owner, repo, pull), id) });
    StickyPendingError.check(outcomes);
  });
}

/** Bounds the burst of API calls a policy change can cause in a busy repository. */
const MAX_PRS_PER_POLICY_CHANGE = 50;

type ShaContext = Context<"check_run.rerequested" | "check_suite.requested" | "check_suite.rerequested">;

async function evaluateSha(
  evaluate: typeof evaluatePullRequest,
  context: ShaContext,
  sha: string,
  numbers: number[],
  id: AppIdentity,
): Promise<void> {
  const { owner, repo } = context.repo();
  const targets: PrTarget[] =
    numbers.length > 0
      ? await Promise.all(numbers.map((n) => getPullRequest(context.octokit, owner, repo, n)))
      : await findPullRequestsForSha(context.octokit, owner, repo, sha);
  // Re-evaluate that SHA: a PR whose head has moved on is skipped by the stale-head rule.
  const outcomes = [];
  for (const t of targets)
    outcomes.push({ pr: t.number, outcome: await evaluate(context, { ...t, headSha: sha }, id) });
  StickyPendingError.check(outcomes);
}

/** The App's id and bot login, asked of GitHub once per process. */
function appIdentity(app: Probot): () => Promise<AppIdentity> {
  let cached: Promise<AppIdentity> | null = null;
  const host = process.env.GHE_HOST;
  const webUrl = host ? `${process.env.GHE_PROTOCOL ?? "https"}://${host}` : "https://github.com";
  return () => {
    cached ??= (async () => {
      const octokit = await app.auth();
      const { data } = await octokit.rest.apps.getAuthenticated();
      if (!data) throw new Error("GitHub did not describe the App");
      const key = await authorityKeyFromSigner(app.webhooks);
      return { appId: data.id, botLogin: `${data.slug}[bot]`, webUrl, key } satisfies AppIdentity;
    })();
    cached.catch(() => {
      cached = null;
    });
    return cached;
  };
}
