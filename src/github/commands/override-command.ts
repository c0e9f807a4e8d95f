import { formatOverrideRecord } from "../../core/commands/override-record.ts";
import { authorize } from "./authorize.ts";
import { type CommandHandler, done, refused } from "./command-context.ts";

/**
 * `/override GATE REASON`: the reply is the record (a hidden marker naming the gate, the head
 * commit, who and why); the evaluation reads it back from the App's own comments and marks the
 * gate passed for that commit only.
 */
export const overrideCommand: CommandHandler<"override"> = async (ctx, command) => {
  const denied = await authorize(ctx.port, ctx.event.login, ctx.deps.policy.overrides.permission);
  if (denied !== null) return refused(denied);
  const pull = await ctx.pull();
  const record = formatOverrideRecord({
    gate: command.gate,
    sha: pull.headSha,
    by: ctx.event.login,
    reason: command.reason,
  });
  return done(
    `\`${command.gate}\` is overridden for ${pull.headSha.slice(0, 7)} by @${ctx.event.login}${
      command.reason ? `: ${command.reason}` : ""
    }. A new push voids it.\n${record}`,
  );
};
