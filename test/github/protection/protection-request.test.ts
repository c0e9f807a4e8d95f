import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { protectionRequest } from "../../../src/github/protection/protection-request.ts";

const SHA = "b".repeat(40);
const payload = {
  action: "requested",
  environment: "fraud-canary",
  event: "pull_request",
  sha: SHA,
  ref: "refs/heads/update",
  deployment_callback_url:
    "https://api.github.com/repos/acme/models/actions/runs/4242/deployment_protection_rule",
  deployment: { id: 77, sha: SHA, environment: "fraud-canary", created_at: "2026-11-20T14:02:00Z" },
  pull_requests: [
    { number: 3, head: { sha: SHA } },
    { number: 4, head: { sha: "c".repeat(40) } },
  ],
};

describe("protectionRequest", () => {
  it("reads the run id from the callback URL and the commit from the job's deployment", () => {
    expect(protectionRequest("Acme/Models", payload, 0)).toEqual({
      repo: "acme/models",
      runId: 4242,
      environment: "fraud-canary",
      sha: SHA,
      deploymentId: 77,
      pullRequests: [3],
      event: "pull_request",
      now: Date.UTC(2026, 10, 20, 14, 2),
    });
  });

  it("falls back to the run's commit and the given clock without a deployment", () => {
    const { deployment: _, ...rest } = payload;
    expect(protectionRequest("acme/models", rest, 5)).toMatchObject({ sha: SHA, deploymentId: null, now: 5 });
  });

  it.each([
    ["no callback URL", { ...payload, deployment_callback_url: undefined }],
    [
      "a callback URL of another endpoint",
      { ...payload, deployment_callback_url: "https://x/actions/runs/1/approve" },
    ],
    ["not an object", "nope"],
  ])("cannot be answered with %s", (_, bad) => {
    expect(typeof protectionRequest("acme/models", bad, 0)).toBe("string");
  });

  it("never throws, whatever the payload", () => {
    fc.assert(
      fc.property(fc.anything(), fc.object(), (value, obj) => {
        protectionRequest("acme/models", value, 0);
        protectionRequest("acme/models", { ...payload, ...obj }, 0);
      }),
    );
  });
});
