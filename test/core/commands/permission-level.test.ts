import { describe, expect, it } from "vitest";
import { hasPermission, permissionLevel } from "../../../src/core/commands/permission-level.ts";

describe("permissionLevel: role_name first, the legacy permission for custom roles", () => {
  it.each([
    { permission: "write", roleName: "maintain", level: "maintain" },
    { permission: "read", roleName: "triage", level: "triage" },
    { permission: "admin", roleName: "admin", level: "admin" },
    { permission: "write", roleName: "ml-release-manager", level: "write" },
    { permission: "none", roleName: "none", level: "none" },
    { permission: "read", roleName: "", level: "read" },
  ])("$permission / $roleName → $level", ({ permission, roleName, level }) => {
    expect(permissionLevel({ permission, roleName })).toBe(level);
  });

  it.each([
    { have: "maintain", need: "write", ok: true },
    { have: "maintain", need: "maintain", ok: true },
    { have: "write", need: "maintain", ok: false },
    { have: "triage", need: "write", ok: false },
    { have: "admin", need: "maintain", ok: true },
    { have: "none", need: "read", ok: false },
  ] as const)("$have satisfies $need: $ok", ({ have, need, ok }) => {
    expect(hasPermission({ permission: "read", roleName: have }, need)).toBe(ok);
  });
});
