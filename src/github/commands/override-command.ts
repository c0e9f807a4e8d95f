import { neutralize } from "../../core/render/neutralize.ts";
import { authorize } from "./authorize.ts";
import { type CommandHandler, done, refused } from "./command-context.ts";

/**
 * `/override GATE REASON`: recorded in the App's own records check run on the head commit (the
 * only place an override is read from, SPEC §4.4), so it holds for that commit only and no
 * comment, card or branch can forge, edit or replay one. The reply only says so.
 */
export const overrideCommand: CommandHandler<"override"> = async (ctx, command) => {
  const denied = await authorize(ctx.port, ctx.event.login, ctx.deps.policy.overrides.permission);
  if (denied !== null) return refused(denied);
  const pull = await ctx.pull();
  await ctx.port.record(pull, {
    kind: "override",
    gate: command.gate,
    actor: ctx.event.login,
    reason: command.reason,
    at: ctx.event.createdAt,
  });
  return done(
    `\`${command.gate}\` is overridden for ${pull.headSha.slice(0, 7)} by @${ctx.event.login}${
      command.reason ? `: ${neutralize(command.reason, { max: 500 })}` : ""
    }. A new push voids it.`,
  );
};
