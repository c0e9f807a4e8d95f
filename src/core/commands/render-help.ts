import type { Policy } from "../policy/schema.ts";
import { COMMANDS, type CommandSpec } from "./command-registry.ts";
import { requiredPermission } from "./required-permission.ts";

/** Who may use a command, in words, under this policy. */
export function whoMayUse(spec: CommandSpec, policy: Policy): string {
  if (spec.who === "anyone") return "anyone";
  if (spec.who !== "stage") return `${requiredPermission(spec.who, policy, null)} permission`;
  return policy.rollout.stages
    .map((s) => {
      const approvers = s.approvers && s.approvers.length > 0 ? `, one of ${s.approvers.join(", ")}` : "";
      return `${s.name}: ${requiredPermission("stage", policy, s)}${approvers}`;
    })
    .join("; ");
}

/**
 * The `/help` reply, generated from the registry and the policy, so that it never disagrees
 * with what the handlers do: the prefix, each stage's permission and approvers.
 */
export function renderHelp(policy: Policy): string {
  const p = policy.commands.prefix;
  const withPrefix = (s: string) => s.replace(/^\//, `${p}/`);
  const stages = policy.rollout.stages
    .map((s) => `${s.name} (${s.traffic} %${s.soak ? `, after ${s.soak} of the previous stage` : ""})`)
    .join(" → ");
  const rows = COMMANDS.map(
    (c) =>
      `| \`${withPrefix(c.usage)}\` | ${c.summary} | ${whoMayUse(c, policy)} | ${c.examples
        .map((e) => `\`${withPrefix(e)}\``)
        .join("<br>")} |`,
  );
  return [
    "#### modelgate commands",
    "",
    "One command per line, at the start of the line, in a comment on the pull request. Quoted (`>`) lines and code blocks are ignored.",
    "",
    "| command | effect | who | examples |",
    "|---|---|---|---|",
    ...rows,
    "",
    `Stages: ${stages}.`,
  ].join("\n");
}
