import type { Policy } from "../../core/policy/schema.ts";
import {
  type PrState,
  possibleHolder,
  promotePreconditions,
  type Unmet,
} from "../../core/rollout/promote-preconditions.ts";
import type { RolloutDeployment } from "../../core/rollout/rollout-deployment.ts";
import { environmentName } from "../../core/rollout/rollout-deployment.ts";
import type { CommandPort, PullInfo } from "./command-port.ts";
import { gateCheckConclusion, latestByName } from "./gate-check.ts";
import { requiredContexts } from "./required-contexts.ts";

export { HOLD_LABEL } from "../authority/read-authority.ts";

export interface ConditionsQuery {
  model: string;
  stage: string;
  pull: PullInfo;
  /** The commit to deploy: the PR head for `/promote`, the waiting job's commit for the protection rule. */
  sha: string;
  /** The model's deployments in every stage, newest first (as `CommandPort.deployments` lists them). */
  deployments: readonly RolloutDeployment[];
  now: number;
}

/**
 * The unmet conditions of deploying `sha` of `model` to `stage` (SPEC §4.3), read from GitHub.
 * The one reader behind both `/promote` and the deployment protection rule (§4.5), so that the
 * gate GitHub enforces and the command can never disagree.
 */
export async function promoteConditions(
  port: CommandPort,
  policy: Policy,
  q: ConditionsQuery,
): Promise<Unmet[]> {
  const { stages, environment } = policy.rollout;
  const target = environmentName(environment, q.model, q.stage);
  const holder = possibleHolder(q.deployments, target, q.pull.number);
  const otherPrs = new Map(holder === null ? [] : [[holder, await holderState(port, holder)] as const]);
  const required = stages.find((s) => s.name === q.stage)?.require_checks ?? [];
  // Commit statuses count for require_checks as GitHub counts them; read only when some are required.
  const [runs, statuses] = await Promise.all([
    port.checkRuns(q.sha),
    required.length > 0 ? port.commitStatuses(q.sha) : Promise.resolve([]),
  ]);
  // The hold is modelgate's record (SPEC §4.4), on the commit asked about; the label can only add to it.
  const { hold } = await port.authority({ ...q.pull, headSha: q.sha });
  return promotePreconditions({
    stages,
    stage: q.stage,
    environment,
    model: q.model,
    prefix: policy.commands.prefix,
    pr: { number: q.pull.number, state: q.pull.state, headSha: q.sha },
    gateCheck: gateCheckConclusion(runs, policy.checks),
    checks: requiredContexts(latestByName(runs), statuses),
    onHold: hold.held,
    deployments: q.deployments,
    otherPrs,
    now: q.now,
  });
}

/** A PR that does not exist (or number 0) holds nothing: it answers as closed (SPEC §4.4). */
async function holderState(port: CommandPort, pr: number): Promise<PrState> {
  if (!Number.isInteger(pr) || pr <= 0) return "closed";
  try {
    return (await port.pull(pr)).state;
  } catch (err) {
    const status = typeof err === "object" && err !== null && "status" in err ? err.status : undefined;
    if (status === 404 || status === 410) return "closed";
    throw err;
  }
}
