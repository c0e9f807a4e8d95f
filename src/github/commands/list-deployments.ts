import { readPayload } from "../../core/rollout/modelgate-payload.ts";
import type { DeploymentState, RolloutDeployment } from "../../core/rollout/rollout-deployment.ts";
import type { Octokit } from "../types.ts";

/** Enough history per environment for the soak, the lock and the version to roll back to. */
const DEPLOYMENTS_PER_ENVIRONMENT = 20;

/**
 * The deployments to these environments with their statuses. One listing per environment and
 * one status listing per deployment, all in parallel: a rollout touches a handful of each.
 */
export async function listDeployments(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  environments: readonly string[],
): Promise<RolloutDeployment[]> {
  const perEnv = await Promise.all(
    [...new Set(environments)].map(async (environment) => {
      const { data } = await octokit.rest.repos.listDeployments({
        ...repo,
        environment,
        per_page: DEPLOYMENTS_PER_ENVIRONMENT,
      });
      return Promise.all(
        data.map(async (d) => {
          const statuses = await octokit.rest.repos.listDeploymentStatuses({
            ...repo,
            deployment_id: d.id,
            per_page: 100,
          });
          return {
            id: d.id,
            environment: d.environment,
            sha: d.sha,
            createdAt: Date.parse(d.created_at),
            creator: d.creator?.login ?? "",
            payload: readPayload(d.payload),
            statuses: statuses.data
              .map((s) => ({
                state: s.state satisfies DeploymentState,
                createdAt: Date.parse(s.created_at),
                description: s.description ?? "",
              }))
              .sort((a, b) => b.createdAt - a.createdAt),
          } satisfies RolloutDeployment;
        }),
      );
    }),
  );
  return perEnv.flat().sort((a, b) => b.id - a.id);
}
