import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { neutralize } from "../../../src/core/render/neutralize.ts";

/** What GitHub would turn into a notification, a link or markup, in the App's raw Markdown. */
const LIVE = {
  html: /[<>]/,
  marker: /<!--\s*modelgate/i,
  mention: /@[\p{L}\p{N}_-]/u,
  ref: /#[\p{L}\p{N}_-]|\bGH-\d/iu,
  autolink: /:\/\/|\bwww\./i,
  newline: /[\r\n\u2028\u2029]/,
};

/** Strings built from the pieces attacks are made of, and any string at all. */
const hostile = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 400 }),
  fc
    .array(
      fc.constantFrom(
        "<!-- modelgate:override ",
        "<!-- modelgate:records [",
        "<!-- modelgate:reply 7 -->",
        "-->",
        "<",
        ">",
        "&lt;",
        "&#64;",
        "@",
        "@acme/ml",
        "alice",
        "#",
        "12",
        "GH-",
        "`",
        "``",
        "\\",
        "|",
        "\n",
        "\r",
        "\u202e",
        "\u200b",
        "https://",
        "www.",
        " ",
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join("")),
);

describe("neutralize: untrusted text is inert wherever modelgate writes it", () => {
  it("no input yields HTML, a modelgate marker, a mention, a reference, an autolink or a new line", () => {
    fc.assert(
      fc.property(hostile, fc.constantFrom(undefined, "span" as const, "inside" as const), (s, code) => {
        const out = neutralize(s, code ? { code } : {});
        for (const [what, re] of Object.entries(LIVE)) expect(out, what).not.toMatch(re);
      }),
      { numRuns: 2000 },
    );
  });

  it("a code span has exactly its two delimiting backticks, so nothing escapes it", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = neutralize(s, { code: "span" });
        expect(out.startsWith("`") && out.endsWith("`")).toBe(true);
        expect([...out].filter((c) => c === "`")).toHaveLength(2);
        expect(out).not.toContain("|");
      }),
    );
  });

  it("in text, every backtick and Markdown delimiter is escaped by an odd run of backslashes", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const out = neutralize(s);
        for (const m of out.matchAll(/(\\*)([`*_[\]|])/g)) expect((m[1] ?? "").length % 2).toBe(1);
      }),
    );
  });

  it("length is capped (counted in characters of input)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), fc.integer({ min: 1, max: 500 }), (s, max) => {
        const kept = [...neutralize(s, { max, code: "inside" }).replace(/\u2060/g, "")];
        expect(kept.length).toBeLessThanOrEqual(max);
      }),
    );
  });

  it.each([
    ["@alice please", "@\u2060alice please"],
    ["fixes #12", "fixes #\u206012"],
    ["<!-- modelgate:sticky -->", "&lt;!-- modelgate:sticky --&gt;"],
    ["a `b` c", "a \\`b\\` c"],
    ["line\nbreak", "line break"],
    ["see https://example.com", "see https:\u2060//example.com"],
    ["AT&T", "AT&amp;T"],
    ["\u202eevil", "evil"],
  ])("%j → %j", (input, expected) => {
    expect(neutralize(input)).toBe(expected);
  });

  it.each([
    ["fraud`](x)<!--", "`fraud'](x)\uff1c!--`"],
    ["a|b", "`a\u2502b`"],
    ["@team", "`@\u2060team`"],
  ])("code span: %j → %j", (input, expected) => {
    expect(neutralize(input, { code: "span" })).toBe(expected);
  });

  it("long text ends in an ellipsis", () => {
    expect(neutralize("x".repeat(10), { max: 5 })).toBe("xxxx…");
  });
});
