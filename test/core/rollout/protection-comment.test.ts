import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_PROTECTION_COMMENT,
  type ProtectionDecision,
  renderProtectionComment,
} from "../../../src/core/rollout/protection-comment.ts";

const subject = { model: "fraud", sha: "a".repeat(40), pr: 7 };
const rejected = (reasons: string[], over: Partial<ProtectionDecision> = {}): ProtectionDecision => ({
  state: "rejected",
  environment: "fraud-canary",
  subject,
  reasons: reasons.map((message) => ({ code: "test", message })),
  ...over,
});

describe("renderProtectionComment", () => {
  it("approves in one line naming model, commit, PR and environment", () => {
    expect(renderProtectionComment({ ...rejected([]), state: "approved" })).toBe(
      "✅ **modelgate approved** fraud at aaaaaaa (PR #7) to `fraud-canary`: every `/promote` condition holds.",
    );
  });

  it("lists every unmet condition", () => {
    expect(renderProtectionComment(rejected(["the PR is on hold.", "shadow has soaked 1 h of 24 h."]))).toBe(
      "❌ **modelgate rejected** fraud at aaaaaaa (PR #7) to `fraud-canary`:\n- the PR is on hold.\n- shadow has soaked 1 h of 24 h.",
    );
  });

  it("renders hostile environment and model names inert, and keeps one line per reason", () => {
    const text = renderProtectionComment(
      rejected(["a reason\n- that forges a second line"], {
        environment: "<!-- modelgate:sticky --><img src=x>`-canary",
        subject: { ...subject, model: "@everyone #3" },
      }),
    );
    expect(text).not.toContain("<");
    expect(text).not.toMatch(/@[a-z]/i);
    expect(text).not.toMatch(/#3/);
    expect(text.split("\n")).toEqual([
      expect.stringContaining("modelgate rejected"),
      "- a reason - that forges a second line",
    ]);
  });

  it("counts the reasons that do not fit in 1,024 characters", () => {
    const reasons = Array.from({ length: 12 }, (_, i) => `condition ${i}: ${"x".repeat(150)}`);
    const text = renderProtectionComment(rejected(reasons));
    expect(text.length).toBeLessThanOrEqual(MAX_PROTECTION_COMMENT);
    expect(text).toMatch(/- … and \d+ more unmet conditions\.$/);
    expect(text).toContain("- condition 0:");
  });

  it("never exceeds 1,024 characters, whatever the input", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 2000 }), { maxLength: 20 }),
        fc.string({ maxLength: 2000 }),
        (reasons, env) => {
          const d = rejected(reasons, { environment: env });
          expect(renderProtectionComment(d).length).toBeLessThanOrEqual(MAX_PROTECTION_COMMENT);
          expect(renderProtectionComment({ ...d, state: "approved" }).length).toBeLessThanOrEqual(
            MAX_PROTECTION_COMMENT,
          );
        },
      ),
    );
  });
});
