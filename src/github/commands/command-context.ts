import type { Command } from "../../core/commands/parse-commands.ts";
import type { Policy } from "../../core/policy/schema.ts";
import type { ChangedModel, CommandPort, PullInfo } from "./command-port.ts";
import type { EnvironmentLock } from "./environment-lock.ts";

/** A comment as the handlers need it, from `issue_comment.created`. */
export interface CommentEvent {
  /** owner/repo, for lock keys. */
  repo: string;
  pr: number;
  /** The issue is a pull request (commands on plain issues are not ours). */
  isPullRequest: boolean;
  commentId: number;
  body: string;
  login: string;
  /** `User` or `Bot`, from `comment.user.type`. */
  userType: string;
  /** GitHub's time of the comment: "now" for soak arithmetic. */
  createdAt: number;
}

export interface CommandDeps {
  policy: Policy;
  lock: EnvironmentLock;
  /** The App's bot login, `slug[bot]`. */
  botLogin: string;
  /** The App's signing key (authority/authority-key.ts). */
  key: Buffer;
  /** Where failures that do not change the answer are logged (the event's logger). */
  log?: { error(obj: object, msg: string): void };
}

/** What a command handler reports: done, or refused with the reasons; `notes` go in the reply either way. */
export type Outcome =
  | { ok: true; notes: string[] }
  | { ok: false; reasons: string[] }
  /** modelgate itself failed (GitHub error, bug): said as such, with 😕, never as a refusal. */
  | { ok: false; error: string };

export const done = (...notes: string[]): Outcome => ({ ok: true, notes });
export const refused = (...reasons: string[]): Outcome => ({ ok: false, reasons });

/** Per comment: the event, the port, and reads shared by its commands (each made at most once). */
export interface CommandContext {
  port: CommandPort;
  event: CommentEvent;
  deps: CommandDeps;
  pull(): Promise<PullInfo>;
  models(): Promise<ChangedModel[]>;
}

export type CommandHandler<N extends Command["name"]> = (
  ctx: CommandContext,
  command: Extract<Command, { name: N }>,
) => Promise<Outcome>;

export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => {
    p ??= fn();
    return p;
  };
}
