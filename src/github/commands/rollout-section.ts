import type { Policy } from "../../core/policy/schema.ts";
import type { Report } from "../../core/report.ts";
import { renderRollout, rolloutIsLive, rolloutSectionOf } from "../../core/rollout/render-rollout.ts";
import { environmentName, type RolloutDeployment } from "../../core/rollout/rollout-deployment.ts";
import { stageStates } from "../../core/rollout/stage-states.ts";
import { ownDeployments } from "../authority/own-deployments.ts";
import type { Octokit, PrRef, PrState } from "../types.ts";
import { listDeployments } from "./list-deployments.ts";

export interface RolloutSectionOptions {
  /** Read the deployments even if the previous tracker showed none (after a command or a status). */
  refresh?: boolean;
  /** GitHub's time of the event, when known: the simulator's clock may run ahead of ours. */
  now?: number;
  /** The App's bot login: only its own deployments count as promotions in the tracker. */
  botLogin?: string;
}

/**
 * The tracker for the sticky comment. Deployments are read only when the PR has any (the
 * previous tracker says so) or a rollout event asks for it: an ordinary PR costs no extra call.
 */
export async function rolloutSection(
  octokit: Octokit,
  pr: PrRef,
  policy: Policy,
  report: Report,
  state: PrState,
  previousBody: string | null,
  opts: RolloutSectionOptions = {},
): Promise<string> {
  const models = report.models.map((m) => ({ name: m.name, version: m.version }));
  if (models.length === 0) return "";
  const { stages, environment } = policy.rollout;
  const live = opts.refresh === true || rolloutIsLive(rolloutSectionOf(previousBody));
  const environments = models.flatMap((m) => stages.map((s) => environmentName(environment, m.name, s.name)));
  // Owner and repository only: the PR's other fields are no query parameters of this endpoint.
  const repo = { owner: pr.owner, repo: pr.repo };
  const listed = live ? await listDeployments(octokit, repo, environments) : [];
  const deployments = opts.botLogin === undefined ? listed : ownDeployments(listed, opts.botLogin);
  // GitHub's time of the event when known; else ours, never behind the latest status we saw.
  const now = opts.now ?? Math.max(Date.now(), ...deployments.map(lastEventAt));
  const rendered = models.map((m) => ({
    ...m,
    views: stageStates({
      stages,
      environment,
      model: m.name,
      pr: pr.number,
      headSha: pr.headSha,
      deployments,
      now,
    }),
  }));
  return renderRollout(rendered, { prefix: policy.commands.prefix, merged: state.state === "MERGED" });
}

const lastEventAt = (d: RolloutDeployment): number => Math.max(d.createdAt, d.statuses[0]?.createdAt ?? 0);
