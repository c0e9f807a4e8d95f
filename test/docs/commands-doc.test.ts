import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/core/commands/command-registry.ts";
import { renderHelp } from "../../src/core/commands/render-help.ts";
import { Policy } from "../../src/core/policy/schema.ts";

const docs = {
  "docs/commands.md": readFileSync(new URL("../../docs/commands.md", import.meta.url), "utf8"),
  "README.md": readFileSync(new URL("../../README.md", import.meta.url), "utf8"),
};

describe.each(Object.entries(docs))("%s", (_name, doc) => {
  it("its command table is what /help renders from the registry under the default policy", () => {
    const start = "<!-- generated:commands:start -->\n";
    const end = "<!-- generated:commands:end -->";
    const generated = doc.slice(doc.indexOf(start) + start.length, doc.indexOf(end)).trim();
    expect(generated).toBe(renderHelp(Policy.parse({})));
  });

  it("names every registered command", () => {
    for (const c of COMMANDS) expect(doc).toContain(`\`${c.usage}\``);
  });
});
