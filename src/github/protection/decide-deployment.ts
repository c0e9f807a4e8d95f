import type { Policy } from "../../core/policy/schema.ts";
import { neutralize } from "../../core/render/neutralize.ts";
import { environmentStages } from "../../core/rollout/environment-stage.ts";
import type { ProtectionDecision } from "../../core/rollout/protection-comment.ts";
import { environmentName } from "../../core/rollout/rollout-deployment.ts";
import type { ChangedModel, CommandPort } from "../commands/command-port.ts";
import { promoteConditions } from "../commands/promote-conditions.ts";
import type { ProtectionPort } from "./protection-port.ts";
import type { ProtectionRequest } from "./protection-request.ts";

/**
 * modelgate's answer to a job waiting on a model's environment (SPEC §4.5): the environment
 * names a model's stage through `rollout.environment`; the commit belongs to a PR that changes
 * that model; and every `/promote` condition holds for that commit, read by the same function
 * `/promote` uses. Anything it cannot establish is a rejection that says what would fix it.
 */
export async function decideDeployment(
  port: CommandPort,
  protection: Pick<ProtectionPort, "pullsForSha">,
  policy: Policy,
  req: ProtectionRequest,
): Promise<ProtectionDecision> {
  const reject = (
    subject: ProtectionDecision["subject"],
    ...reasons: ProtectionDecision["reasons"]
  ): ProtectionDecision => ({ state: "rejected", environment: req.environment, subject, reasons });
  const { stages, environment: template } = policy.rollout;
  const matches = environmentStages(template, stages, req.environment);
  const [match] = matches;
  if (match === undefined)
    return reject(null, {
      code: "environment.unknown",
      message: `${span(req.environment)} is not a model's environment: rollout.environment is ${span(template)} with stages ${stages.map((s) => neutralize(s.name)).join(", ")}. Deploy to a model's stage environment, or remove modelgate's protection rule from this one.`,
    });
  if (matches.length > 1)
    return reject(null, {
      code: "environment.ambiguous",
      message: `${span(req.environment)} could be ${matches.map((m) => `${m.model === null ? "the model" : neutralize(m.model)} in ${neutralize(m.stage)}`).join(" or ")}: rename a stage so that each environment names one.`,
    });
  const short = req.sha.slice(0, 7);
  const number = await pullOf(port, protection, req);
  if (number === null)
    return reject(null, {
      code: "pr.none",
      message: `${short} is not the head of an open pull request, and no /promote deployed it: modelgate approves commits it has gated in a PR. Open a PR with this commit and /promote it.`,
    });
  const pull = await port.pull(number);
  const model = modelOf(await port.changedModels(pull), match.model);
  if (typeof model === "string")
    return reject(null, { code: "model.not-changed", message: `PR #${pull.number} ${model}` });

  const subject = { model: model.name, sha: req.sha, pr: pull.number };
  const environments = stages.map((s) => environmentName(template, model.name, s.name));
  // The waiting job's own deployment is the request, not a deployment of the past.
  const deployments = (await port.deployments(environments)).filter((d) => d.id !== req.deploymentId);
  const unmet = await promoteConditions(port, policy, {
    model: model.name,
    stage: match.stage,
    pull,
    sha: req.sha,
    deployments,
    now: req.now,
  });
  // "already live" keeps /promote from deploying twice; the job waiting here is that deployment.
  const blocking = unmet.filter((u) => u.code !== "stage.already-live");
  if (blocking.length > 0) return reject(subject, ...blocking);
  return { state: "approved", environment: req.environment, subject, reasons: [] };
}

/**
 * The PR the commit belongs to: the one GitHub names for the run; else the PR of our own
 * `/promote` deployment of this commit to this environment (a CD run started by it); else an
 * open PR whose head it is (a job started by hand or by a push).
 */
async function pullOf(
  port: CommandPort,
  protection: Pick<ProtectionPort, "pullsForSha">,
  req: ProtectionRequest,
): Promise<number | null> {
  const named = req.pullRequests[0];
  if (named !== undefined) return named;
  const own = (await port.deployments([req.environment])).find(
    (d) => d.sha === req.sha && d.payload?.kind === "promote",
  );
  if (own?.payload) return own.payload.pr;
  return (await protection.pullsForSha(req.sha))[0] ?? null;
}

/** The changed model the environment names (or the only one, when the template names none). */
function modelOf(models: readonly ChangedModel[], name: string | null): ChangedModel | string {
  if (name === null) {
    const [only] = models;
    if (only !== undefined && models.length === 1) return only;
    return models.length === 0
      ? "changes no model."
      : `changes ${models.length} models and rollout.environment names none: add {model} to it.`;
  }
  const found = models.find((m) => m.name.toLowerCase() === name.toLowerCase());
  return (
    found ??
    `does not change model ${neutralize(name)}${listOf(models)}: only a PR that changes a model deploys it.`
  );
}

const listOf = (models: readonly ChangedModel[]): string =>
  models.length === 0 ? "" : ` (it changes ${models.map((m) => neutralize(m.name)).join(", ")})`;

const span = (s: string): string => neutralize(s, { code: "span" });
