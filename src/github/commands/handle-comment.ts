import type { CommandName } from "../../core/commands/command-registry.ts";
import { type Command, parseCommands } from "../../core/commands/parse-commands.ts";
import { renderHelp } from "../../core/commands/render-help.ts";
import { DEFAULT_POLICY_PATH } from "../../core/evaluate-pr.ts";
import { neutralize } from "../../core/render/neutralize.ts";
import { signedMarker } from "../authority/signed-marker.ts";
import { sameBotLogin } from "../own-comments.ts";
import {
  type CommandContext,
  type CommandDeps,
  type CommandHandler,
  type CommentEvent,
  done,
  type Outcome,
  once,
  refused,
} from "./command-context.ts";
import type { CommandPort } from "./command-port.ts";
import { LockTimeoutError, StaleLockError } from "./environment-lock.ts";
import { holdCommand, unholdCommand } from "./hold-commands.ts";
import { overrideCommand } from "./override-command.ts";
import { promoteCommand } from "./promote-command.ts";
import { rollbackCommand } from "./rollback-command.ts";

/** Every registered command has its handler: a new registry entry without one does not compile. */
const HANDLERS: { [N in CommandName]: CommandHandler<N> } = {
  promote: promoteCommand,
  rollback: rollbackCommand,
  hold: holdCommand,
  unhold: unholdCommand,
  override: overrideCommand,
  status: async () => done(),
  help: async (ctx) => done(renderHelp(ctx.deps.policy)),
};

/** Commands after which the sticky comment is out of date. */
const REFRESHING: ReadonlySet<CommandName> = new Set([
  "promote",
  "rollback",
  "hold",
  "unhold",
  "override",
  "status",
]);

/**
 * `issue_comment.created` on a pull request: 👀 on receipt, each command in order, one reply
 * for everything that needs saying (refusals with every reason, help, records), 🚀 when all
 * succeeded, and the sticky comment refreshed once.
 */
export async function handleComment(
  port: CommandPort,
  event: CommentEvent,
  deps: CommandDeps,
): Promise<void> {
  if (!event.isPullRequest || isBot(event, deps.botLogin)) return;
  // A comment delivered twice at once is handled once at a time: the second finds the first's
  // reply (and deployment) and writes nothing more.
  await deps.lock.withLock(`comment:${event.repo}#${event.commentId}`, () => handleOnce(port, event, deps));
}

async function handleOnce(port: CommandPort, event: CommentEvent, deps: CommandDeps): Promise<void> {
  const parsed = parseCommands(event.body, {
    prefix: deps.policy.commands.prefix,
    stages: deps.policy.rollout.stages.map((s) => s.name),
    requireReason: deps.policy.overrides.require_reason,
  });
  if (parsed.commands.length === 0 && parsed.problems.length === 0) return;
  // Without 👀 the commands still run and are answered; whether this is a redelivery is then
  // unknown, so the reply is looked for before it is written.
  let eyesError: unknown = null;
  const receipt = await port.react(event.commentId, "eyes").catch((err: unknown) => {
    eyesError = err;
    return { existed: true };
  });

  const ctx: CommandContext = {
    port,
    event,
    deps,
    pull: once(() => port.pull(event.pr)),
    models: once(async () => port.changedModels(await ctx.pull())),
  };
  const sections = parsed.problems.map((p) => section(p.text, [`❓ ${p.message}`]));
  let allDone = parsed.problems.length === 0;
  let failed = false;
  let refresh = false;
  for (const [i, { text, command }] of parsed.commands.entries()) {
    const outcome = await run(ctx, command);
    refresh ||= REFRESHING.has(command.name);
    // Commands run in order: an override counts for a /promote later in the same comment, so
    // the check is re-posted (overridden) before that promote reads it.
    const promoteFollows = parsed.commands.slice(i + 1).some((c) => c.command.name === "promote");
    if (command.name === "override" && outcome.ok && promoteFollows) {
      // Not re-posted, the check still fails: the promote that follows is refused for it.
      await port.refresh(event.pr, event.createdAt).then(
        () => {
          refresh = false;
        },
        (err: unknown) => deps.log?.error({ err }, "could not re-post the check after an override"),
      );
    }
    if (outcome.ok && outcome.notes.length > 0) sections.push(section(text, outcome.notes));
    if (!outcome.ok && "error" in outcome) {
      allDone = false;
      failed = true;
      const deploys = command.name === "promote" || command.name === "rollback";
      sections.push(
        section(text, [
          `😕 could not run \`${deps.policy.commands.prefix}/${command.name}\`: ${outcome.error}${deploys ? " — nothing was deployed" : ""}.`,
        ]),
      );
    } else if (!outcome.ok) {
      allDone = false;
      const count = outcome.reasons.length === 1 ? "" : ` (${outcome.reasons.length} conditions unmet)`;
      sections.push(section(text, [`**Not done${count}:**`, ...outcome.reasons.map((r) => `- ${r}`)]));
    }
  }
  await answer(port, event, deps, { sections, receipt, allDone, failed });
  if (eyesError !== null) deps.log?.error({ err: eyesError }, "could not react 👀 to a command");
  // The answer is given; a sticky comment not refreshed now is refreshed by the next event.
  if (refresh)
    await port
      .refresh(event.pr, event.createdAt)
      .catch((err: unknown) =>
        deps.log?.error({ err }, "could not refresh the sticky comment after a command"),
      );
}

/**
 * The reply, then 🚀 or 😕. If GitHub takes neither the reply nor the reaction, 😕 is still
 * tried, and the error is thrown: the event fails, so GitHub's delivery log keeps it and the
 * recovery sweep redelivers it (SPEC §4.6); the redelivery finds the deployment and the reply
 * already made, and writes only what is missing.
 */
async function answer(
  port: CommandPort,
  event: CommentEvent,
  deps: Pick<CommandDeps, "key">,
  a: { sections: string[]; receipt: { existed: boolean }; allDone: boolean; failed: boolean },
): Promise<void> {
  try {
    // A redelivered event may have been answered already: look before replying twice.
    const marker = signedMarker(deps.key, "reply", event.repo, event.pr, event.commentId);
    if (a.sections.length > 0 && !(a.receipt.existed && (await port.hasReply(event.pr, marker))))
      await port.reply(event.pr, `${marker}\n${a.sections.join("\n\n")}`);
    if (a.allDone) await port.react(event.commentId, "rocket");
    if (a.failed) await port.react(event.commentId, "confused");
  } catch (err) {
    await port.react(event.commentId, "confused").catch(() => undefined);
    throw err;
  }
}

/**
 * Commands in a repository whose policy is invalid: none runs (who may do what is unknown), but
 * each is answered with 😕 and the reason. The prefix is the policy's, so it is unknown too: the
 * default (none) is assumed.
 */
export async function answerWithoutPolicy(
  port: CommandPort,
  event: CommentEvent,
  deps: Omit<CommandDeps, "policy">,
): Promise<void> {
  if (!event.isPullRequest || isBot(event, deps.botLogin)) return;
  const parsed = parseCommands(event.body, { prefix: "", stages: [], requireReason: false });
  if (parsed.commands.length === 0) return;
  await deps.lock.withLock(`comment:${event.repo}#${event.commentId}`, async () => {
    const receipt = await port.react(event.commentId, "eyes").catch(() => ({ existed: true }));
    const sections = parsed.commands.map(({ text, command }) => {
      const deploys = command.name === "promote" || command.name === "rollback";
      return section(text, [
        `😕 could not run \`/${command.name}\`: the policy \`${DEFAULT_POLICY_PATH}\` on the default branch is invalid; the modelgate check lists its errors${deploys ? " — nothing was deployed" : ""}.`,
      ]);
    });
    await answer(port, event, deps, { sections, receipt, allDone: false, failed: true });
  });
}

async function run(ctx: CommandContext, command: Command): Promise<Outcome> {
  try {
    return await dispatch(ctx, command);
  } catch (err) {
    if (err instanceof LockTimeoutError || err instanceof StaleLockError) return refused(err.message);
    return { ok: false, error: commandError(err) };
  }
}

/** A switch, so that each handler receives its own command type without a cast. */
function dispatch(ctx: CommandContext, c: Command): Promise<Outcome> {
  switch (c.name) {
    case "promote":
      return HANDLERS.promote(ctx, c);
    case "rollback":
      return HANDLERS.rollback(ctx, c);
    case "hold":
      return HANDLERS.hold(ctx, c);
    case "unhold":
      return HANDLERS.unhold(ctx, c);
    case "override":
      return HANDLERS.override(ctx, c);
    case "status":
      return HANDLERS.status(ctx, c);
    case "help":
      return HANDLERS.help(ctx, c);
  }
}

/** Why a command could not run, in one line; GitHub's message may echo input, so it is neutralized. */
function commandError(err: unknown): string {
  const status = typeof err === "object" && err !== null && "status" in err ? Number(err.status) : null;
  const first = err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err);
  // Octokit appends the documentation URL: the reader needs GitHub's words, not the link.
  const message = first.replace(/ - https?:\/\/\S+$/, "");
  const said = neutralize(message.replace(/\.$/, ""), { max: 300 });
  return status !== null && Number.isFinite(status) ? `GitHub answered ${status} (${said})` : said;
}

function section(text: string, lines: string[]): string {
  return [`> ${neutralize(text, { max: 200 })}`, "", ...lines].join("\n");
}

/** Bots, including this App, never command it: no loops, no privilege borrowed from an automation. */
function isBot(event: CommentEvent, botLogin: string): boolean {
  return event.userType === "Bot" || event.login.endsWith("[bot]") || sameBotLogin(event.login, botLogin);
}
