import { readPayload } from "../../core/rollout/modelgate-payload.ts";
import type { Octokit } from "../types.ts";
import type { NewDeployment } from "./command-port.ts";
import { StaleLockError } from "./environment-lock.ts";

const statusOf = (err: unknown): number | undefined =>
  typeof err === "object" && err !== null && "status" in err && typeof err.status === "number"
    ? err.status
    : undefined;

/** No answer, or GitHub's own failure: the deployment may or may not have been created. */
const unanswered = (err: unknown): boolean => {
  const status = statusOf(err);
  return status === undefined || status >= 500;
};

/**
 * `POST /deployments` at most once per command (SPEC §4.4). It is not idempotent, so Octokit's
 * retry plugin is told not to retry it; after a timeout or a 5xx modelgate looks for a
 * deployment with this comment's id in its payload, and tries again only if there is none.
 * Before creating, the environment's latest deployment is read again (a fencing check): if it is
 * not the one the lock holder saw, another command deployed meanwhile and nothing is created.
 */
export async function createDeploymentOnce(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  input: NewDeployment,
): Promise<{ id: number }> {
  const recent = (perPage: number) =>
    octokit.rest.repos
      .listDeployments({ ...repo, environment: input.environment, per_page: perPage })
      .then((r) => r.data);
  const latest = (await recent(1))[0]?.id ?? null;
  if (latest !== input.latestSeen) throw new StaleLockError(input.environment);

  const attempt = async () => {
    const res = await octokit.rest.repos.createDeployment({
      ...repo,
      ref: input.sha,
      environment: input.environment,
      auto_merge: false,
      required_contexts: [],
      production_environment: input.production,
      transient_environment: false,
      description: input.description,
      payload: input.payload,
      request: { retries: 0 },
    });
    if (!("id" in res.data))
      throw new Error(`GitHub did not create the deployment: ${res.data.message ?? ""}`);
    return { id: res.data.id };
  };
  try {
    return await attempt();
  } catch (err) {
    const commentId = input.payload.comment_id;
    // An automatic rollback has no comment to find it by: it is not retried at all.
    if (!unanswered(err) || commentId === null) throw err;
    const made = (await recent(20)).find((d) => {
      const p = readPayload(d.payload);
      return p !== null && p.comment_id === commentId && p.kind === input.payload.kind && d.sha === input.sha;
    });
    if (made) return { id: made.id };
    return attempt();
  }
}
