import { requiredPermission } from "../../core/commands/required-permission.ts";
import { neutralize } from "../../core/render/neutralize.ts";
import { nextStageToPromote } from "../../core/rollout/default-stage.ts";
import { environmentName } from "../../core/rollout/rollout-deployment.ts";
import { stageStates } from "../../core/rollout/stage-states.ts";
import { authorize } from "./authorize.ts";
import { type CommandHandler, done, refused } from "./command-context.ts";
import { pickModel } from "./pick-model.ts";
import { promoteConditions } from "./promote-conditions.ts";

/**
 * `/promote [stage] [--model NAME]`. Authorization first (an unauthorized user learns nothing
 * and causes no read of the rollout); then, under the environment's lock, the deployments are
 * read again, so that a redelivery or a concurrent command sees the deployment the other made.
 */
export const promoteCommand: CommandHandler<"promote"> = async (ctx, command) => {
  const { port, event, deps } = ctx;
  const { stages, environment } = deps.policy.rollout;
  const model = pickModel(await ctx.models(), command.model);
  if (typeof model === "string") return refused(model);
  const pull = await ctx.pull();
  const environments = stages.map((s) => environmentName(environment, model.name, s.name));
  const viewsOf = async (now: number) => {
    const deployments = await port.deployments(environments);
    const input = { stages, environment, model: model.name, pr: pull.number, headSha: pull.headSha };
    return { deployments, views: stageStates({ ...input, deployments, now }) };
  };
  const stageName = command.stage ?? nextStageToPromote((await viewsOf(event.createdAt)).views);
  if (stageName === null)
    return refused(`every stage already runs ${pull.headSha.slice(0, 7)} of ${neutralize(model.name)}.`);
  const index = stages.findIndex((s) => s.name === stageName);
  const stage = stages[index];
  if (stage === undefined) return refused(`there is no stage ${neutralize(stageName, { code: "span" })}.`);

  const denied = await authorize(port, event.login, requiredPermission("stage", deps.policy, stage), {
    stage: stage.name,
    list: stage.approvers ?? [],
  });
  if (denied !== null) return refused(denied);

  const target = environmentName(environment, model.name, stage.name);
  return deps.lock.withLock(`${event.repo}:${target}`, async () => {
    const { deployments } = await viewsOf(event.createdAt);
    const redelivered = deployments.some(
      (d) =>
        d.environment === target && d.payload?.kind === "promote" && d.payload.comment_id === event.commentId,
    );
    if (redelivered) return done();
    const unmet = await promoteConditions(port, deps.policy, {
      model: model.name,
      stage: stage.name,
      pull,
      sha: pull.headSha,
      deployments,
      now: event.createdAt,
    });
    if (unmet.length > 0) return refused(...unmet.map((u) => u.message));
    await port.createDeployment({
      sha: pull.headSha,
      environment: target,
      latestSeen: deployments.find((d) => d.environment === target)?.id ?? null,
      production: index === stages.length - 1,
      description: neutralize(
        `modelgate: ${model.name} ${model.version ?? ""} to ${stage.name} (${stage.traffic} %), PR ${pull.number}`,
        { max: 140 },
      ),
      payload: {
        modelgate: 1,
        model: model.name,
        version: model.version,
        stage: stage.name,
        traffic: stage.traffic,
        pr: pull.number,
        actor: event.login,
        comment_id: event.commentId,
        kind: "promote",
      },
    });
    return done();
  });
};
