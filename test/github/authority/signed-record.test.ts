import { describe, expect, it } from "vitest";
import { deriveAuthorityKey } from "../../../src/github/authority/authority-key.ts";
import {
  type AuthorityRecord,
  signRecord,
  verifyRecord,
} from "../../../src/github/authority/signed-record.ts";

const KEY = deriveAuthorityKey("sha256=webhook-secret-signature");
const SHA = "a".repeat(40);
const binding = { repo: "acme/models", pr: 7, sha: SHA };
const override: AuthorityRecord = {
  kind: "override",
  gate: "evaluation",
  repo: "acme/models",
  pr: 7,
  sha: SHA,
  actor: "alice",
  reason: "accepted by risk",
  at: 1_700_000_000_000,
};

describe("signed records: HMAC-SHA256, bound to repository, PR, head commit, gate and actor", () => {
  it("a record modelgate signed verifies for its own binding", () => {
    expect(verifyRecord(KEY, signRecord(KEY, override), binding)).toEqual(override);
    const hold: AuthorityRecord = { ...override, kind: "hold", held: true } as AuthorityRecord;
    const { gate: _gate, ...holdOnly } = hold as AuthorityRecord & { gate?: string };
    expect(verifyRecord(KEY, signRecord(KEY, holdOnly as AuthorityRecord), binding)).toMatchObject({
      kind: "hold",
      held: true,
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ["another gate", { gate: "versioning" }],
    ["another actor", { actor: "cto" }],
    ["another reason", { reason: "anything" }],
    ["another head commit", { sha: "b".repeat(40) }],
    ["another PR", { pr: 8 }],
    ["another repository", { repo: "acme/other" }],
    ["another time", { at: 0 }],
  ])("a signed record altered to name %s is ignored", (_what, change) => {
    const signed = { ...signRecord(KEY, override), ...change };
    expect(verifyRecord(KEY, signed, binding)).toBeNull();
  });

  it.each<[string, Partial<typeof binding>]>([
    ["on another commit", { sha: "c".repeat(40) }],
    ["on another PR", { pr: 9 }],
    ["in another repository", { repo: "acme/fork" }],
  ])("a genuine record read %s is ignored (no replay)", (_what, change) => {
    expect(verifyRecord(KEY, signRecord(KEY, override), { ...binding, ...change })).toBeNull();
  });

  it.each<[string, unknown]>([
    ["unsigned", override],
    ["signed with another key", signRecord(deriveAuthorityKey("other secret"), override)],
    ["a malformed signature", { ...override, sig: "zz" }],
    ["an extra field", { ...signRecord(KEY, override), by: "cto" }],
    ["not an object", "<!-- modelgate:override -->"],
    ["null", null],
  ])("%s: ignored, never an error", (_what, value) => {
    expect(verifyRecord(KEY, value, binding)).toBeNull();
  });

  it("the key is derived, never the secret itself, and needs a secret", () => {
    expect(KEY).toHaveLength(32);
    expect(KEY.equals(deriveAuthorityKey("sha256=webhook-secret-signature"))).toBe(true);
    expect(() => deriveAuthorityKey("")).toThrow("webhook secret");
  });
});
