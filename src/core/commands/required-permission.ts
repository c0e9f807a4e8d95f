import type { Policy, Stage } from "../policy/schema.ts";
import type { Who } from "./command-registry.ts";
import type { PermissionLevel } from "./permission-level.ts";

/** The permission a command needs under this policy; `stage` matters for `/promote` only. */
export function requiredPermission(who: Who, policy: Policy, stage: Stage | null): PermissionLevel {
  switch (who) {
    case "stage":
      return stage?.permission ?? policy.commands.permission;
    case "commands":
      return policy.commands.permission;
    case "overrides":
      return policy.overrides.permission;
    default:
      return "none";
  }
}

/** `approvers` split into logins and `org/team` slugs (without the `@`). */
export function splitApprovers(approvers: readonly string[]): { logins: string[]; teams: string[] } {
  const logins: string[] = [];
  const teams: string[] = [];
  for (const a of approvers) {
    const name = a.replace(/^@/, "");
    if (name.includes("/")) teams.push(name);
    else logins.push(name);
  }
  return { logins, teams };
}
