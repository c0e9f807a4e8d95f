import { describe, expect, it } from "vitest";
import { formatOverrideRecord, overridesForHead } from "../../../src/core/commands/override-record.ts";

describe("override records", () => {
  const record = {
    gate: "evaluation",
    sha: "a".repeat(40),
    by: "alice",
    reason: "ok --> <b>really</b>",
  } as const;

  it("round-trips, even a reason that would close an HTML comment", () => {
    const body = `text\n${formatOverrideRecord(record)}\nmore`;
    expect(body.match(/-->/g)).toHaveLength(1);
    expect(overridesForHead([body], record.sha)).toEqual({
      evaluation: { by: "alice", reason: record.reason },
    });
  });

  it("applies only to the head commit it names: a new push voids it", () => {
    expect(overridesForHead([formatOverrideRecord(record)], "b".repeat(40))).toEqual({});
  });

  it("the latest record per gate wins; malformed ones are ignored", () => {
    const later = formatOverrideRecord({ ...record, by: "carol", reason: "second" });
    const bad = '<!-- modelgate:override {"gate":"nope","sha":"x","by":"y","reason":"z"} -->';
    expect(overridesForHead([formatOverrideRecord(record), bad, later], record.sha)).toEqual({
      evaluation: { by: "carol", reason: "second" },
    });
  });
});
