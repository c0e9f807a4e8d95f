import {
  hasPermission,
  type PermissionLevel,
  permissionLevel,
} from "../../core/commands/permission-level.ts";
import { splitApprovers } from "../../core/commands/required-permission.ts";
import type { CommandPort } from "./command-port.ts";

/**
 * Null when `login` may act, else the sentence that says why not. Permission comes from the
 * collaborator-permission API (never `author_association`, which says nothing about roles);
 * approvers by login or by team membership.
 */
export async function authorize(
  port: CommandPort,
  login: string,
  needed: PermissionLevel,
  approvers: { stage: string; list: readonly string[] } | null = null,
): Promise<string | null> {
  if (needed !== "none") {
    const have = await port.permission(login);
    if (!hasPermission(have, needed))
      return `@${login} needs ${needed} permission on this repository (has ${permissionLevel(have)}).`;
  }
  if (approvers === null || approvers.list.length === 0) return null;
  const { logins, teams } = splitApprovers(approvers.list);
  if (logins.some((l) => l.toLowerCase() === login.toLowerCase())) return null;
  for (const team of teams) if (await port.isTeamMember(team, login)) return null;
  return `${approvers.stage} is promoted only by its approvers (${approvers.list.join(", ")}); ask one of them.`;
}
