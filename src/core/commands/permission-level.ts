/** Repository permissions from least to most; a higher one includes the lower ones. */
export const PERMISSION_LEVELS = ["none", "read", "triage", "write", "maintain", "admin"] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

/** What `GET /repos/{o}/{r}/collaborators/{user}/permission` answers. */
export interface CollaboratorPermission {
  /** Legacy field: admin, write, read or none (maintain reads as write, triage as read). */
  permission: string;
  /** The role: read, triage, write, maintain, admin, or a custom role's name. */
  roleName: string;
}

/**
 * The user's effective level. `role_name` is exact for the five built-in roles; a custom role
 * has its own name, and then the legacy `permission` (its base role) is what we can rely on.
 */
export function permissionLevel(p: CollaboratorPermission): PermissionLevel {
  const byRole = PERMISSION_LEVELS.find((l) => l === p.roleName.toLowerCase());
  if (byRole !== undefined) return byRole;
  return PERMISSION_LEVELS.find((l) => l === p.permission.toLowerCase()) ?? "none";
}

export function hasPermission(p: CollaboratorPermission, needed: PermissionLevel): boolean {
  return PERMISSION_LEVELS.indexOf(permissionLevel(p)) >= PERMISSION_LEVELS.indexOf(needed);
}
