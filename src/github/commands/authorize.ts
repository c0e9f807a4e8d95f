import {
  hasPermission,
  type PermissionLevel,
  permissionLevel,
} from "../../core/commands/permission-level.ts";
import { splitApprovers } from "../../core/commands/required-permission.ts";
import { neutralize } from "../../core/render/neutralize.ts";
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
  const unreadable: string[] = [];
  for (const team of teams) {
    const member = await port.isTeamMember(team, login);
    if (member === true) return null;
    if (member === null) unreadable.push(team);
  }
  // The list is the policy's, but a refusal anyone can cause must not ping its teams.
  const list = neutralize(approvers.list.join(", "));
  const refusal = `${approvers.stage} is promoted only by its approvers (${list}); ask one of them.`;
  if (unreadable.length === 0) return refusal;
  const names = neutralize(unreadable.map((t) => `@${t}`).join(", "));
  return `${refusal} GitHub refused to tell modelgate who is in ${names} (403): an organization owner should grant the App the organization permission members: read.`;
}
