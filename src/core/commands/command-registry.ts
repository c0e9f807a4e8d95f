import { GATE_NAMES } from "../types.ts";

/** Every command modelgate answers, in the order `/help` lists them. */
export const COMMAND_NAMES = ["promote", "rollback", "hold", "unhold", "override", "status", "help"] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * Who may use a command, resolved against the policy when help is rendered or a command is
 * authorized: a stage's permission (and approvers), `commands.permission`,
 * `overrides.permission`, or anyone.
 */
export type Who = "stage" | "commands" | "overrides" | "anyone";

export interface CommandSpec {
  name: CommandName;
  /** Without the prefix: `/promote [stage] [--model NAME]`. */
  usage: string;
  summary: string;
  /** Without the prefix. */
  examples: readonly string[];
  who: Who;
}

/**
 * The registry: the single source of `/help`, of docs/commands.md and of the unknown-command
 * reply. Each GitHub handler is keyed by `CommandName`, so a command without a handler does not
 * compile.
 */
export const COMMANDS = [
  {
    name: "promote",
    usage: "/promote [stage] [--model NAME]",
    summary:
      "Deploy the PR head to `stage` (default: the next stage) by creating a GitHub Deployment. `--model` is needed only when the PR changes several models.",
    examples: ["/promote", "/promote canary", "/promote production --model fraud-detector"],
    who: "stage",
  },
  {
    name: "rollback",
    usage: "/rollback [stage] [--model NAME]",
    summary:
      "Redeploy the previous successful version of the stage's environment (default: the furthest stage this PR reached).",
    examples: ["/rollback", "/rollback canary --model fraud-detector"],
    who: "commands",
  },
  {
    name: "hold",
    usage: "/hold REASON",
    summary: "Block every promotion of this PR (adds the label `modelgate: hold`).",
    examples: ['/hold "waiting for the risk review"'],
    who: "commands",
  },
  {
    name: "unhold",
    usage: "/unhold",
    summary: "Lift a hold (removes the label `modelgate: hold`).",
    examples: ["/unhold"],
    who: "commands",
  },
  {
    name: "override",
    usage: "/override GATE REASON",
    summary: `Mark a failing gate passed for the current head commit; a new push voids it. GATE is one of ${GATE_NAMES.join(", ")}.`,
    examples: ['/override evaluation "re-scored offline, EU drop accepted by risk team"'],
    who: "overrides",
  },
  {
    name: "status",
    usage: "/status",
    summary: "Refresh the sticky comment: the report and the rollout tracker.",
    examples: ["/status"],
    who: "anyone",
  },
  {
    name: "help",
    usage: "/help",
    summary: "List the commands, who may use them, and examples.",
    examples: ["/help"],
    who: "anyone",
  },
] as const satisfies readonly CommandSpec[];

export const commandSpec = (name: CommandName): CommandSpec =>
  COMMANDS.find((c) => c.name === name) ?? COMMANDS[0];

export const isCommandName = (s: string): s is CommandName =>
  (COMMAND_NAMES as readonly string[]).includes(s);
