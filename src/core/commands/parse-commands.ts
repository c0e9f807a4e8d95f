import { closestWord } from "../policy/closest-word.ts";
import { neutralize } from "../render/neutralize.ts";
import { GATE_NAMES, type GateName } from "../types.ts";
import { commandLines } from "./command-lines.ts";
import { COMMAND_NAMES, commandSpec, isCommandName } from "./command-registry.ts";
import { tokenizeArguments } from "./tokenize-arguments.ts";

export type Command =
  | { name: "promote"; stage: string | null; model: string | null }
  | { name: "rollback"; stage: string | null; model: string | null }
  | { name: "hold"; reason: string }
  | { name: "unhold" }
  | { name: "override"; gate: GateName; reason: string }
  | { name: "status" }
  | { name: "help" };

/** A command line that is ours but cannot run, with the sentence that says why. */
export interface CommandProblem {
  line: number;
  text: string;
  message: string;
}

export interface ParsedComment {
  commands: Array<{ line: number; text: string; command: Command }>;
  problems: CommandProblem[];
}

export interface ParseOptions {
  /** `commands.prefix` ("" for none). */
  prefix: string;
  /** The policy's stage names, to refuse a typo before anything is read from GitHub. */
  stages: readonly string[];
  /** `overrides.require_reason`. */
  requireReason: boolean;
}

/**
 * The commands of a comment, in order. An unknown command is answered only when it is
 * addressed to us (a prefix is configured, it is `/modelgate`, or it is a near miss of one of
 * ours): without a prefix, `/assign` or `/lgtm` belong to other bots and are left alone.
 */
export function parseCommands(body: string, opts: ParseOptions): ParsedComment {
  const out: ParsedComment = { commands: [], problems: [] };
  const slash = `${opts.prefix}/`;
  for (const l of commandLines(body, opts.prefix)) {
    const problem = (message: string) => out.problems.push({ line: l.line, text: l.text, message });
    if (!isCommandName(l.name)) {
      const near = closestWord(l.name, COMMAND_NAMES);
      if (near !== null)
        problem(
          `${inCode(`${slash}${l.name}`)} is not a command; did you mean \`${slash}${near}\`? See \`${slash}help\`.`,
        );
      else if (opts.prefix !== "" || l.name === "modelgate")
        problem(`${inCode(`${slash}${l.name}`)} is not a command. See \`${slash}help\` for the list.`);
      continue;
    }
    const parsed = parseArguments(l.name, l.rest, opts);
    if (typeof parsed === "string")
      problem(`${parsed} Usage: \`${opts.prefix}${commandSpec(l.name).usage}\`.`);
    else out.commands.push({ line: l.line, text: l.text, command: parsed });
  }
  return out;
}

type Name = Command["name"];

/** The command, or the sentence that says what is wrong with its arguments. */
function parseArguments(name: Name, rest: string, opts: ParseOptions): Command | string {
  const tokenized = tokenizeArguments(rest);
  if (!tokenized.ok) return `\`/${name}\`: ${tokenized.message}.`;
  const tokens = tokenized.tokens;
  switch (name) {
    case "promote":
    case "rollback":
      return stageCommand(name, tokens, opts);
    case "hold": {
      const reason = tokens.join(" ").trim();
      return reason === ""
        ? "`/hold` needs a reason, so that everyone knows what to wait for."
        : { name, reason };
    }
    case "override":
      return overrideCommand(tokens, opts);
    default:
      // `/status please` or `/help me` still mean what they say.
      return { name };
  }
}

function stageCommand(name: "promote" | "rollback", tokens: string[], opts: ParseOptions): Command | string {
  let model: string | null = null;
  const positional: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? "";
    const eq = /^--model=(.+)$/i.exec(t);
    if (eq?.[1] !== undefined) model = eq[1];
    else if (t.toLowerCase() === "--model") {
      const value = tokens[++i];
      if (value === undefined || value.startsWith("--")) return `\`--model\` needs a model name.`;
      model = value;
    } else if (t.startsWith("--")) return `\`/${name}\` does not know the option ${inCode(t)}.`;
    else positional.push(t);
  }
  if (positional.length > 1) return `\`/${name}\` takes one stage, not ${positional.length}.`;
  const stage = positional[0] ?? null;
  if (stage === null) return { name, stage, model };
  const known = opts.stages.find((s) => s.toLowerCase() === stage.toLowerCase());
  if (known !== undefined) return { name, stage: known, model };
  const near = closestWord(stage, opts.stages);
  return `there is no stage ${inCode(stage)}${near ? `; did you mean \`${near}\`` : ""} (stages: ${opts.stages.join(", ")}).`;
}

/** A word from the comment, shown back as code: inert whatever it contains. */
const inCode = (word: string): string => neutralize(word, { code: "span", max: 60 });

function overrideCommand(tokens: string[], opts: ParseOptions): Command | string {
  const [first, ...rest] = tokens;
  if (first === undefined) return `\`/override\` needs a gate (${GATE_NAMES.join(", ")}).`;
  const gate = GATE_NAMES.find((g) => g === first.toLowerCase());
  if (gate === undefined) {
    const near = closestWord(first, GATE_NAMES);
    return `there is no gate ${inCode(first)}${near ? `; did you mean \`${near}\`` : ""} (gates: ${GATE_NAMES.join(", ")}).`;
  }
  const reason = rest.join(" ").trim();
  if (reason === "" && opts.requireReason)
    return "`/override` needs a reason (overrides.require_reason): it is shown in the check and the comment.";
  return { name: "override", gate, reason };
}
