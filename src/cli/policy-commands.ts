import path from "node:path";
import { DEFAULT_POLICY_PATH } from "../core/evaluate-pr.ts";
import { loadPolicy } from "../core/policy/load-policy.ts";
import { policyJsonSchema } from "../core/policy/policy-json-schema.ts";
import { findingText } from "./check-command.ts";
import type { CliIo } from "./cli-io.ts";
import { EXIT } from "./exit-codes.ts";
import { parseFlags } from "./parse-flags.ts";
import { readText } from "./read-text.ts";
import { COMMAND_USAGE } from "./usage.ts";

/** `modelgate policy validate [FILE]`. */
export async function policyValidateCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseFlags("policy validate", argv, {}, 1);
  if (parsed.help) {
    io.stdout(COMMAND_USAGE["policy validate"]);
    return EXIT.ok;
  }
  const file = path.resolve(io.cwd, parsed.positionals[0] ?? DEFAULT_POLICY_PATH);
  const rel = path.relative(io.cwd, file);
  const text = await readText(file, "policy");
  const { findings } = loadPolicy(rel, text);
  if (findings.length === 0) {
    io.stdout(`${rel}: valid\n`);
    return EXIT.ok;
  }
  io.stdout(
    `${findings.map(findingText).join("\n")}\n${rel}: ${findings.length} error${findings.length === 1 ? "" : "s"}\n`,
  );
  return EXIT.usage;
}

/** `modelgate policy schema`. */
export function policySchemaCommand(argv: string[], io: CliIo): number {
  const parsed = parseFlags("policy schema", argv, {});
  if (parsed.help) {
    io.stdout(COMMAND_USAGE["policy schema"]);
    return EXIT.ok;
  }
  io.stdout(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
  return EXIT.ok;
}
