import { findPullRequestsForSha } from "../find-pull-request.ts";
import type { Octokit } from "../types.ts";
import type { ProtectionPort } from "./protection-port.ts";

/** The protection port over the installation's Octokit. */
export function octokitProtectionPort(
  octokit: Octokit,
  repo: { owner: string; repo: string },
): ProtectionPort {
  return {
    async pendingEnvironments(runId) {
      const { data } = await octokit.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: runId });
      return data.map((p) => p.environment.name ?? "");
    },
    async review(runId, review) {
      // The run id comes from the callback URL, but the request goes to our own API base: a
      // signed payload still never makes the App send its token to a URL it names.
      await octokit.rest.actions.reviewCustomGatesForRun({ ...repo, run_id: runId, ...review });
    },
    async pullsForSha(sha) {
      const pulls = await findPullRequestsForSha(octokit, repo.owner, repo.repo, sha);
      return pulls.map((p) => p.number);
    },
  };
}
