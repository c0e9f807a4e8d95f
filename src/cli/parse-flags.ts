import { parseArgs } from "node:util";
import type { CommandName } from "./usage.ts";
import { UsageError } from "./usage-error.ts";

export interface FlagSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
}

export type Flags<S extends Record<string, FlagSpec>> = {
  [K in keyof S]?: S[K]["type"] extends "string"
    ? S[K]["multiple"] extends true
      ? string[]
      : string
    : boolean;
};

export type Parsed<S extends Record<string, FlagSpec>> =
  | { help: true }
  | { help: false; flags: Flags<S>; positionals: string[] };

/**
 * A command's flags, with usage errors that name the flag and the command
 * ("unknown option --foo for `modelgate check`"). `-h`/`--help` anywhere means help, whatever
 * else is wrong with the line: someone asking for help should get it.
 */
export function parseFlags<S extends Record<string, FlagSpec>>(
  command: CommandName,
  argv: string[],
  spec: S,
  maxPositionals = 0,
): Parsed<S> {
  const options = { ...spec, help: { type: "boolean", short: "h" } } as const;
  // Not strict: every token is checked here, so that each message can say which command it is.
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const where = `for \`modelgate ${command}\``;
  if (tokens.some((t) => t.kind === "option" && t.name === "help")) return { help: true };

  const flags: Record<string, string | string[] | boolean> = {};
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === "option-terminator") continue;
    if (t.kind === "positional") {
      if (positionals.length >= maxPositionals)
        throw new UsageError(`unexpected argument ${JSON.stringify(t.value)} ${where}`, command);
      positionals.push(t.value);
      continue;
    }
    const s = spec[t.name];
    if (s === undefined) throw new UsageError(`unknown option ${t.rawName} ${where}`, command);
    if (s.type === "boolean") {
      if (t.value !== undefined) throw new UsageError(`${t.rawName} takes no value ${where}`, command);
      flags[t.name] = true;
      continue;
    }
    // `--policy` at the end, or `--policy --format json`: parseArgs gives no value.
    if (t.value === undefined || (t.inlineValue !== true && t.value.startsWith("-") && t.value !== "-"))
      throw new UsageError(`${t.rawName} needs a value ${where}`, command);
    if (s.multiple) flags[t.name] = [...((flags[t.name] as string[] | undefined) ?? []), t.value];
    else if (flags[t.name] !== undefined)
      throw new UsageError(`${t.rawName} is given twice ${where}`, command);
    else flags[t.name] = t.value;
  }
  return { help: false, flags: flags as Flags<S>, positionals };
}
