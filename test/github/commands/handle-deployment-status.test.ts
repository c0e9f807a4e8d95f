import { describe, expect, it } from "vitest";
import { Policy } from "../../../src/core/policy/schema.ts";
import type { ModelgatePayload } from "../../../src/core/rollout/modelgate-payload.ts";
import type { DeploymentState } from "../../../src/core/rollout/rollout-deployment.ts";
import { InProcessLock } from "../../../src/github/commands/environment-lock.ts";
import { handleDeploymentStatus } from "../../../src/github/commands/handle-deployment-status.ts";
import { FakePort, HEAD } from "./fake-port.ts";

const T0 = Date.UTC(2026, 10, 20, 14, 2);
const OLD = "0".repeat(40);
const payload = (over: Partial<ModelgatePayload> = {}): ModelgatePayload => ({
  modelgate: 1,
  model: "fraud",
  version: "2.3.0",
  stage: "canary",
  traffic: 5,
  pr: 1,
  actor: "alice",
  comment_id: 9,
  kind: "promote",
  ...over,
});

/** canary: 2.2.0 (id 1) went live, then this PR's 2.3.0 (id 2) went live. */
function setup(autoRollback: boolean) {
  const port = new FakePort();
  port.stored = [
    {
      id: 1,
      environment: "fraud-canary",
      sha: OLD,
      createdAt: T0,
      creator: "cd",
      payload: null,
      statuses: [
        { state: "inactive", createdAt: T0 + 2 },
        { state: "success", createdAt: T0 },
      ],
    },
    {
      id: 2,
      environment: "fraud-canary",
      sha: HEAD,
      createdAt: T0 + 1,
      creator: "modelgate[bot]",
      payload: payload(),
      statuses: [{ state: "success", createdAt: T0 + 2 }],
    },
  ];
  const deps = {
    policy: Policy.parse({ rollout: { auto_rollback: autoRollback } }),
    lock: new InProcessLock(),
    botLogin: "modelgate[bot]",
    key: Buffer.alloc(32, 1),
  };
  const report = (state: DeploymentState, over: { id?: number; payload?: ModelgatePayload | null } = {}) =>
    handleDeploymentStatus(
      port,
      {
        repo: "acme/models",
        deploymentId: over.id ?? 2,
        environment: "fraud-canary",
        payload: over.payload === undefined ? payload() : over.payload,
        state,
        description: "error rate 4 %",
        createdAt: T0 + 3,
      },
      deps,
    );
  return { port, report };
}

describe("handleDeploymentStatus", () => {
  it.each<{ name: string; auto: boolean; state: DeploymentState; mutations: string[] }>([
    { name: "success refreshes the tracker", auto: true, state: "success", mutations: ["refresh #1"] },
    {
      name: "failure without auto_rollback only refreshes",
      auto: false,
      state: "failure",
      mutations: ["refresh #1"],
    },
    {
      name: "failure with auto_rollback redeploys the previous version",
      auto: true,
      state: "failure",
      mutations: ["deploy fraud-canary 0000000 rollback", "reply #1", "refresh #1"],
    },
    {
      name: "error counts as failure",
      auto: true,
      state: "error",
      mutations: ["deploy fraud-canary 0000000 rollback", "reply #1", "refresh #1"],
    },
  ])("$name", async ({ auto, state, mutations }) => {
    const { port, report } = setup(auto);
    await report(state);
    expect(port.mutations).toEqual(mutations);
  });

  it("a redelivered failure rolls back once", async () => {
    const { port, report } = setup(true);
    await report("failure");
    await report("failure");
    expect(port.mutations.filter((m) => m.startsWith("deploy"))).toHaveLength(1);
    expect(port.replies[0]).toContain("auto_rollback redeployed `0000000`");
  });

  it("a failed rollback is not rolled back (no loop)", async () => {
    const { port, report } = setup(true);
    await report("failure", { payload: payload({ kind: "rollback" }) });
    expect(port.mutations).toEqual(["refresh #1"]);
  });

  it("deployments that are not modelgate's are ignored", async () => {
    const { port, report } = setup(true);
    await report("failure", { id: 1, payload: null });
    expect(port.mutations).toEqual([]);
  });

  it("nothing to return to: says so instead", async () => {
    const { port, report } = setup(true);
    port.stored = port.stored.filter((d) => d.id === 2);
    await report("failure");
    expect(port.mutations).toEqual(["reply #1", "refresh #1"]);
    expect(port.replies[0]).toContain("has no earlier successful deployment");
  });
});
