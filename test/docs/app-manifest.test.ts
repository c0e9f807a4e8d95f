import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const manifest = parse(readFileSync(new URL("../../app.yml", import.meta.url), "utf8")) as {
  default_events: string[];
  default_permissions: Record<string, string>;
};

describe("app.yml", () => {
  it("subscribes to the deployment protection rule with the permissions it needs (SPEC §4.5)", () => {
    expect(manifest.default_events).toContain("deployment_protection_rule");
    expect(manifest.default_permissions).toMatchObject({ actions: "read", deployments: "write" });
  });

  it("asks only for permissions docs/github-app.md explains, at the level it explains", () => {
    const doc = readFileSync(new URL("../../docs/github-app.md", import.meta.url), "utf8");
    for (const [permission, level] of Object.entries(manifest.default_permissions)) {
      const row = permission.replace("_", " ");
      expect(doc, permission).toMatch(new RegExp(`^\\| ${row}: ${level} \\|`, "m"));
    }
  });
});
