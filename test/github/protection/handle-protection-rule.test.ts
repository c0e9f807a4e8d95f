import { describe, expect, it } from "vitest";
import type { ProtectionDecision } from "../../../src/core/rollout/protection-comment.ts";
import { InProcessLock } from "../../../src/github/commands/environment-lock.ts";
import { handleProtectionRule } from "../../../src/github/protection/handle-protection-rule.ts";
import type { ProtectionReview } from "../../../src/github/protection/protection-port.ts";
import type { ProtectionRequest } from "../../../src/github/protection/protection-request.ts";

const req: ProtectionRequest = {
  repo: "acme/models",
  runId: 9,
  environment: "fraud-shadow",
  sha: "a".repeat(40),
  deploymentId: 1,
  pullRequests: [],
  event: "workflow_dispatch",
  now: 0,
};
const approved: ProtectionDecision = {
  state: "approved",
  environment: "fraud-shadow",
  subject: null,
  reasons: [],
};
const log = { info: () => {}, warn: () => {} };
const httpError = (status: number) => Object.assign(new Error(`HTTP ${status}`), { status });

function deps(pending: () => Promise<string[]>, send: (r: ProtectionReview) => Promise<void>) {
  return {
    protection: { pendingEnvironments: pending, review: (_run: number, r: ProtectionReview) => send(r) },
    lock: new InProcessLock(),
    log,
  };
}

describe("handleProtectionRule", () => {
  it("answers once the run waits, and not when it waits no more", async () => {
    const sent: ProtectionReview[] = [];
    let waiting = ["Fraud-Shadow"];
    const d = deps(
      async () => waiting,
      async (r) => {
        sent.push(r);
        waiting = [];
      },
    );
    expect(await handleProtectionRule(d, req, async () => approved)).toEqual(approved);
    expect(await handleProtectionRule(d, req, async () => approved)).toBeNull();
    expect(sent.map((r) => r.state)).toEqual(["approved"]);
  });

  it("decides anyway when the pending list cannot be read, and rejects when deciding throws", async () => {
    const sent: ProtectionReview[] = [];
    const d = deps(
      async () => {
        throw httpError(500);
      },
      async (r) => {
        sent.push(r);
      },
    );
    const decision = await handleProtectionRule(d, req, async () => {
      throw new Error("boom");
    });
    expect(decision?.reasons.map((r) => r.code)).toEqual(["error"]);
    expect(sent).toMatchObject([{ environment_name: "fraud-shadow", state: "rejected" }]);
  });

  it("takes GitHub's 422 to a second answer as decided, and fails the delivery on anything else", async () => {
    const refused = deps(
      async () => ["fraud-shadow"],
      async () => {
        throw httpError(422);
      },
    );
    expect(await handleProtectionRule(refused, req, async () => approved)).toBeNull();
    const down = deps(
      async () => ["fraud-shadow"],
      async () => {
        throw httpError(502);
      },
    );
    await expect(handleProtectionRule(down, req, async () => approved)).rejects.toMatchObject({
      status: 502,
    });
  });
});
