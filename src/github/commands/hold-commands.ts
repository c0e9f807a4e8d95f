import { authorize } from "./authorize.ts";
import { type CommandHandler, done, refused } from "./command-context.ts";
import { HOLD_LABEL } from "./promote-conditions.ts";

/** The label is the hold: visible, filterable, and it survives any restart. */
export const holdCommand: CommandHandler<"hold"> = async (ctx) => {
  const denied = await authorize(ctx.port, ctx.event.login, ctx.deps.policy.commands.permission);
  if (denied !== null) return refused(denied);
  await ctx.port.addLabel(ctx.event.pr, HOLD_LABEL);
  // The PR read is shared by the comment's commands: a `/promote` on a later line must see the hold.
  (await ctx.pull()).labels.push(HOLD_LABEL);
  return done();
};

export const unholdCommand: CommandHandler<"unhold"> = async (ctx) => {
  const denied = await authorize(ctx.port, ctx.event.login, ctx.deps.policy.commands.permission);
  if (denied !== null) return refused(denied);
  const pull = await ctx.pull();
  if (pull.labels.some((l) => l.toLowerCase() === HOLD_LABEL))
    await ctx.port.removeLabel(ctx.event.pr, HOLD_LABEL);
  pull.labels = pull.labels.filter((l) => l.toLowerCase() !== HOLD_LABEL);
  return done();
};
