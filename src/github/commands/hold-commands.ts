import { HOLD_LABEL } from "../authority/read-authority.ts";
import { authorize } from "./authorize.ts";
import { type CommandHandler, done, refused } from "./command-context.ts";

/**
 * `/hold REASON`: the hold is recorded in the App's records run (SPEC §4.4); the label only
 * mirrors it, so removing the label by hand does not lift it.
 */
export const holdCommand: CommandHandler<"hold"> = async (ctx, command) => {
  const denied = await authorize(ctx.port, ctx.event.login, ctx.deps.policy.commands.permission);
  if (denied !== null) return refused(denied);
  const pull = await ctx.pull();
  await ctx.port.record(pull, {
    kind: "hold",
    held: true,
    actor: ctx.event.login,
    reason: command.reason,
    at: ctx.event.createdAt,
  });
  if (!pull.labels.some((l) => l.toLowerCase() === HOLD_LABEL)) {
    await ctx.port.addLabel(ctx.event.pr, HOLD_LABEL);
    // The PR read is shared by the comment's commands: later lines see the label too.
    pull.labels.push(HOLD_LABEL);
  }
  return done();
};

/** `/unhold`: the record first, then the label, so that the label's removal finds no hold to restore. */
export const unholdCommand: CommandHandler<"unhold"> = async (ctx) => {
  const denied = await authorize(ctx.port, ctx.event.login, ctx.deps.policy.commands.permission);
  if (denied !== null) return refused(denied);
  const pull = await ctx.pull();
  await ctx.port.record(pull, {
    kind: "hold",
    held: false,
    actor: ctx.event.login,
    reason: "",
    at: ctx.event.createdAt,
  });
  if (pull.labels.some((l) => l.toLowerCase() === HOLD_LABEL))
    await ctx.port.removeLabel(ctx.event.pr, HOLD_LABEL);
  pull.labels = pull.labels.filter((l) => l.toLowerCase() !== HOLD_LABEL);
  return done();
};
