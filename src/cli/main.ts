import type { CliIo } from "./cli-io.ts";
import { EXIT } from "./exit-codes.ts";
import { packageVersion } from "./package-version.ts";
import { COMMAND_NAMES, COMMAND_USAGE, type CommandName, USAGE } from "./usage.ts";
import { UsageError } from "./usage-error.ts";

export type { CliIo } from "./cli-io.ts";
export { EXIT } from "./exit-codes.ts";

type Command = (argv: string[], io: CliIo) => Promise<number> | number;

/**
 * Each command is loaded only when it runs: `--help`, `--version` and usage errors load none of
 * the engine, and only `ci` loads the GitHub client.
 */
const COMMANDS: Record<CommandName, () => Promise<Command>> = {
  check: async () => (await import("./check-command.ts")).checkCommand,
  ci: async () => (await import("./ci-command.ts")).ciCommand,
  init: async () => (await import("./init-command.ts")).initCommand,
  "policy validate": async () => (await import("./policy-commands.ts")).policyValidateCommand,
  "policy schema": async () => (await import("./policy-commands.ts")).policySchemaCommand,
};

/** The `modelgate` command. Returns the exit code; never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.stderr(USAGE);
      return EXIT.usage;
    }
    if (first === "--help" || first === "-h") return help(rest, io);
    if (first === "help") return help(rest, io);
    if (first === "--version" || first === "-V") {
      io.stdout(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    const found = commandOf(argv);
    if (found === null) throw new UsageError(unknownCommand(argv));
    // Help wins over anything else on the line, and needs none of the engine loaded.
    if (asksHelp(found.rest)) {
      io.stdout(COMMAND_USAGE[found.name]);
      return EXIT.ok;
    }
    const run = await COMMANDS[found.name]();
    return await run(found.rest, io);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`modelgate: ${message}\n`);
    if (err instanceof UsageError) io.stderr(`\n${err.command ? COMMAND_USAGE[err.command] : USAGE}`);
    return EXIT.usage;
  }
}

/** `check …`, `policy validate …`: the longest command name the words begin with. */
function commandOf(argv: string[]): { name: CommandName; rest: string[] } | null {
  const two = `${argv[0]} ${argv[1]}`;
  for (const name of COMMAND_NAMES) {
    if (name === two) return { name, rest: argv.slice(2) };
    if (name === argv[0]) return { name, rest: argv.slice(1) };
  }
  return null;
}

/** `-h` or `--help` among the flags (not after `--`, where it would be a file name). */
function asksHelp(args: string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === "-h" || a === "--help");
}

function unknownCommand(argv: string[]): string {
  if (argv[0] === "policy")
    return argv[1] === undefined
      ? "`modelgate policy` needs a subcommand: validate or schema"
      : `unknown command: policy ${argv[1]} (policy validate, policy schema)`;
  if (argv[0]?.startsWith("-")) return `unknown option ${argv[0]} (see modelgate --help)`;
  return `unknown command: ${argv[0]}`;
}

/** `modelgate help [COMMAND]`: that command's usage, or the general one. */
function help(words: string[], io: CliIo): number {
  if (words.length === 0) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const found = commandOf(words);
  if (found === null || found.rest.length > 0)
    throw new UsageError(`no help for "${words.join(" ")}": the commands are ${COMMAND_NAMES.join(", ")}`);
  io.stdout(COMMAND_USAGE[found.name]);
  return EXIT.ok;
}
