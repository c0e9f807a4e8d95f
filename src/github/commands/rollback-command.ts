import { neutralize } from "../../core/render/neutralize.ts";
import { stageToRollBack } from "../../core/rollout/default-stage.ts";
import { environmentName } from "../../core/rollout/rollout-deployment.ts";
import { stageStates } from "../../core/rollout/stage-states.ts";
import { authorize } from "./authorize.ts";
import { type CommandHandler, done, refused } from "./command-context.ts";
import { performRollback } from "./perform-rollback.ts";
import { pickModel } from "./pick-model.ts";

/** `/rollback [stage] [--model NAME]`: default, the furthest stage this PR reached. */
export const rollbackCommand: CommandHandler<"rollback"> = async (ctx, command) => {
  const { port, event, deps } = ctx;
  const denied = await authorize(port, event.login, deps.policy.commands.permission);
  if (denied !== null) return refused(denied);
  const model = pickModel(await ctx.models(), command.model);
  if (typeof model === "string") return refused(model);
  const pull = await ctx.pull();
  let stage = command.stage;
  if (stage === null) {
    const { stages, environment } = deps.policy.rollout;
    const deployments = await port.deployments(
      stages.map((s) => environmentName(environment, model.name, s.name)),
    );
    const views = stageStates({
      stages,
      environment,
      model: model.name,
      pr: pull.number,
      headSha: pull.headSha,
      deployments,
      now: event.createdAt,
    });
    stage = stageToRollBack(views);
  }
  if (stage === null)
    return refused(`this PR has no deployment of ${neutralize(model.name)} to roll back; name the stage.`);
  const result = await performRollback(port, deps.policy, deps.lock, {
    repo: event.repo,
    model: model.name,
    stage,
    pr: pull.number,
    actor: event.login,
    commentId: event.commentId,
  });
  if (!result.ok) return refused(result.message);
  if (result.restored === null) return done();
  return done(
    `${neutralize(stage)} of ${neutralize(model.name)} goes back to ${neutralize(result.restored.version ?? result.restored.sha.slice(0, 7), { code: "span" })} (deployment ${result.deploymentId}).`,
  );
};
