import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommands } from "../../../src/core/commands/parse-commands.ts";

const OPTS = { prefix: "", stages: ["shadow", "canary", "production"], requireReason: true };
const parse = (body: string, opts: Partial<typeof OPTS> = {}) => parseCommands(body, { ...OPTS, ...opts });

describe("parseCommands: which lines are commands", () => {
  it.each([
    { name: "a bare command", body: "/promote", commands: ["promote"] },
    { name: "case-insensitive", body: "/PROMOTE Canary", commands: ["promote:canary"] },
    { name: "up to three leading spaces", body: "   /status", commands: ["status"] },
    { name: "four spaces make an indented code block", body: "    /status", commands: [] },
    { name: "trailing whitespace", body: "/status   \t", commands: ["status"] },
    { name: "CRLF line endings", body: "hi\r\n/promote shadow\r\n", commands: ["promote:shadow"] },
    { name: "not at the line's start", body: "please /promote", commands: [] },
    { name: "a quoted line", body: "> /promote canary", commands: [] },
    { name: "a quoted line with spaces", body: "  > /promote canary", commands: [] },
    { name: "inside a ``` fence", body: "```\n/promote\n```\n/status", commands: ["status"] },
    { name: "inside a ~~~ fence", body: "~~~sh\n/promote\n~~~", commands: [] },
    {
      name: "a fence closed only by a long enough one",
      body: "````\n```\n/promote\n````\n/help",
      commands: ["help"],
    },
    { name: "an unclosed fence hides the rest", body: "```\n/promote", commands: [] },
    {
      name: "several commands in order",
      body: "/hold wait\nsome text\n/unhold\n/status",
      commands: ["hold", "unhold", "status"],
    },
    { name: "a URL path is not a command", body: "see /docs/commands.md", commands: [] },
  ])("$name", ({ body, commands }) => {
    const parsed = parse(body);
    expect(
      parsed.commands.map(({ command: c }) => ("stage" in c && c.stage ? `${c.name}:${c.stage}` : c.name)),
    ).toEqual(commands);
  });

  it.each([
    { body: "mg/promote", prefix: "mg", commands: ["promote"] },
    { body: "MG/promote", prefix: "mg", commands: ["promote"] },
    { body: "/promote", prefix: "mg", commands: [] },
    { body: "m.g/status", prefix: "m.g", commands: ["status"] },
    { body: "mxg/status", prefix: "m.g", commands: [] },
  ])("prefix $prefix: $body", ({ body, prefix, commands }) => {
    expect(parse(body, { prefix }).commands.map((c) => c.command.name)).toEqual(commands);
  });
});

describe("parseCommands: arguments", () => {
  it.each([
    { body: "/promote", command: { name: "promote", stage: null, model: null } },
    {
      body: "/promote canary --model fraud-detector",
      command: { name: "promote", stage: "canary", model: "fraud-detector" },
    },
    { body: "/promote --model=fraud canary", command: { name: "promote", stage: "canary", model: "fraud" } },
    { body: "/promote --MODEL fraud", command: { name: "promote", stage: null, model: "fraud" } },
    { body: '/promote "canary"', command: { name: "promote", stage: "canary", model: null } },
    { body: "/rollback production", command: { name: "rollback", stage: "production", model: null } },
    {
      body: '/hold "waiting for the risk review"',
      command: { name: "hold", reason: "waiting for the risk review" },
    },
    { body: "/hold waiting for   review", command: { name: "hold", reason: "waiting for review" } },
    {
      body: '/override evaluation "re-scored offline, EU drop accepted"',
      command: { name: "override", gate: "evaluation", reason: "re-scored offline, EU drop accepted" },
    },
    {
      body: "/override Lineage \u201Cmanifest lost\u201D",
      command: { name: "override", gate: "lineage", reason: "manifest lost" },
    },
    {
      body: '/override lineage "say \\"hi\\""',
      command: { name: "override", gate: "lineage", reason: 'say "hi"' },
    },
    { body: "/status now please", command: { name: "status" } },
  ])("$body", ({ body, command }) => {
    const parsed = parse(body);
    expect(parsed.problems).toEqual([]);
    expect(parsed.commands.map((c) => c.command)).toEqual([command]);
  });

  it("a reason is optional when overrides.require_reason is false", () => {
    expect(parse("/override versioning", { requireReason: false }).commands[0]?.command).toEqual({
      name: "override",
      gate: "versioning",
      reason: "",
    });
  });

  it.each([
    { body: "/promote canery", contains: "did you mean `canary`" },
    { body: "/promote shadow canary", contains: "takes one stage, not 2" },
    { body: "/promote --model", contains: "`--model` needs a model name" },
    { body: "/promote --force", contains: "does not know the option `--force`" },
    { body: '/promote "canary', contains: "quote is not closed" },
    { body: "/hold", contains: "`/hold` needs a reason" },
    { body: "/override", contains: "needs a gate" },
    { body: "/override evalution oops", contains: "did you mean `evaluation`" },
    { body: "/override evaluation", contains: "needs a reason" },
    { body: "/promot canary", contains: "did you mean `/promote`" },
    { body: "/modelgate", contains: "is not a command" },
  ])("refuses $body", ({ body, contains }) => {
    const parsed = parse(body);
    expect(parsed.commands).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]?.message).toContain(contains);
  });

  it("unknown commands of other bots are ignored without a prefix, answered with one", () => {
    expect(parse("/assign @bob\n/lgtm")).toEqual({ commands: [], problems: [] });
    expect(parse("mg/assign", { prefix: "mg" }).problems[0]?.message).toContain(
      "`mg/assign` is not a command",
    );
  });

  it("usage is shown with the prefix", () => {
    expect(parse("mg/hold", { prefix: "mg" }).problems[0]?.message).toContain("Usage: `mg/hold REASON`");
  });

  it("any text yields commands and problems, never a throw", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom("", "mg", "a.b"), (body, prefix) => {
        const parsed = parse(body, { prefix });
        expect(Array.isArray(parsed.commands) && Array.isArray(parsed.problems)).toBe(true);
      }),
    );
  });
});
