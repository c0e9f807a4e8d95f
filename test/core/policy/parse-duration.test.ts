import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../../../src/core/policy/parse-duration.ts";

const S = 1_000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe("parseDuration", () => {
  it.each([
    ["30s", 30 * S],
    ["30m", 30 * MIN],
    ["24h", 24 * H],
    ["7d", 7 * D],
    ["0m", 0],
  ])("%s is %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "1 day", "1.5h", "-1h", "h", "10", "10w", " 1h", "1H", "99999999999999999999d"])(
    "%j is NaN",
    (text) => {
      expect(parseDuration(text)).toBeNaN();
    },
  );

  it("never throws", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const ms = parseDuration(s);
        expect(Number.isNaN(ms) || (Number.isSafeInteger(ms) && ms >= 0)).toBe(true);
      }),
    );
  });
});

describe("formatDuration", () => {
  it.each([
    [5 * H, "5 h"],
    [2 * D + 3 * H, "2 d 3 h"],
    [45 * MIN, "45 min"],
    [30 * S, "30 s"],
    [D + 30 * MIN, "1 d"],
    [4 * H + 59 * MIN + 59 * S, "4 h 59 min"],
    [90 * S, "1 min 30 s"],
    [0, "0 s"],
    [999, "0 s"],
    [-5 * H, "0 s"],
    [Number.NaN, "unknown"],
    [Number.POSITIVE_INFINITY, "unknown"],
  ])("%d ms is %j", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("round-trips single-unit durations", () => {
    expect(formatDuration(parseDuration("24h"))).toBe("1 d");
    expect(formatDuration(parseDuration("72h"))).toBe("3 d");
    expect(formatDuration(parseDuration("30m"))).toBe("30 min");
  });
});
