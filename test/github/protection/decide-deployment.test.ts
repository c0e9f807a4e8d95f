import { describe, expect, it } from "vitest";
import { Policy } from "../../../src/core/policy/schema.ts";
import type { RolloutDeployment } from "../../../src/core/rollout/rollout-deployment.ts";
import { decideDeployment } from "../../../src/github/protection/decide-deployment.ts";
import type { ProtectionRequest } from "../../../src/github/protection/protection-request.ts";
import { FakePort, HEAD, pull } from "../commands/fake-port.ts";

const T0 = Date.UTC(2026, 10, 20, 14, 2);
const HOUR = 3_600_000;
const OTHER = "c".repeat(40);
/** The waiting job's own deployment: the newest of all. */
const JOB = 9_000_000_000_000;
const jobDeployment = (stage: string): RolloutDeployment => ({
  ...promoted(stage, T0),
  id: JOB,
  creator: "github-actions[bot]",
  payload: null,
  statuses: [],
});

const PAYLOAD = {
  modelgate: 1,
  model: "fraud",
  version: "2.3.0",
  stage: "shadow",
  traffic: 0,
  pr: 1,
  actor: "alice",
  comment_id: 5,
  kind: "promote",
} as const;

/** modelgate's own /promote deployment of PR #1's head, live since `at`. */
function promoted(stage: string, at: number, over: Partial<RolloutDeployment> = {}): RolloutDeployment {
  return {
    id: at / 1000,
    environment: `fraud-${stage}`,
    sha: HEAD,
    createdAt: at,
    creator: "modelgate[bot]",
    payload: { ...PAYLOAD, stage },
    statuses: [{ state: "success", createdAt: at }],
    ...over,
  };
}

interface Case {
  name: string;
  environment: string;
  sha?: string;
  policy?: unknown;
  pullRequests?: number[];
  /** Open PRs whose head the commit is. */
  heads?: number[];
  setup?: (port: FakePort) => void;
  codes: string[];
  pr?: number;
}

const request = (c: Case): ProtectionRequest => ({
  repo: "acme/models",
  runId: 9,
  environment: c.environment,
  sha: c.sha ?? HEAD,
  deploymentId: JOB,
  pullRequests: c.pullRequests ?? [],
  event: "workflow_dispatch",
  now: T0,
});

describe("decideDeployment: every decision, with the codes of its unmet conditions", () => {
  it.each<Case>([
    { name: "shadow of a passing head", environment: "fraud-shadow", heads: [1], codes: [], pr: 1 },
    {
      name: "the environment names no model's stage",
      environment: "staging",
      heads: [1],
      codes: ["environment.unknown"],
    },
    {
      name: "an ambiguous environment",
      environment: "x-a-canary",
      policy: {
        rollout: {
          stages: [
            { name: "canary", traffic: 5 },
            { name: "a-canary", traffic: 50 },
          ],
        },
      },
      heads: [1],
      codes: ["environment.ambiguous"],
    },
    { name: "a commit of no PR", environment: "fraud-shadow", sha: OTHER, codes: ["pr.none"] },
    {
      name: "a model the PR does not change",
      environment: "churn-shadow",
      heads: [1],
      codes: ["model.not-changed"],
    },
    {
      name: "a failing check",
      environment: "fraud-shadow",
      heads: [1],
      setup: (p) => {
        p.runs = [{ name: "modelgate", conclusion: "failure", ours: true }];
      },
      codes: ["check.failed"],
    },
    {
      name: "another App's run named modelgate is not the gate",
      environment: "fraud-shadow",
      heads: [1],
      setup: (p) => {
        p.runs = [{ name: "modelgate", conclusion: "success", ours: false }];
      },
      codes: ["check.missing"],
    },
    { name: "canary without shadow", environment: "fraud-canary", heads: [1], codes: ["previous.missing"] },
    {
      name: "canary while shadow soaks",
      environment: "fraud-canary",
      heads: [1],
      setup: (p) => p.stored.push(promoted("shadow", T0 - 5 * HOUR)),
      codes: ["previous.soaking"],
    },
    {
      name: "canary after the soak, for modelgate's own /promote deployment (found by its payload)",
      environment: "fraud-canary",
      setup: (p) => p.stored.push(promoted("shadow", T0 - 25 * HOUR), promoted("canary", T0 - HOUR)),
      codes: [],
      pr: 1,
    },
    {
      name: "on hold, and a required check still running",
      environment: "fraud-shadow",
      policy: { rollout: { stages: [{ name: "shadow", traffic: 0, require_checks: ["e2e"] }] } },
      heads: [1],
      setup: (p) => {
        p.pulls.set(1, pull(1, { labels: ["modelgate: hold"] }));
        p.runs = [
          { name: "modelgate", conclusion: "success", ours: true },
          { name: "e2e", conclusion: null, ours: false },
        ];
      },
      codes: ["checks.required", "hold"],
    },
    {
      name: "a required context reported as a commit status, failing",
      environment: "fraud-shadow",
      policy: { rollout: { stages: [{ name: "shadow", traffic: 0, require_checks: ["ci/jenkins"] }] } },
      heads: [1],
      setup: (p) => {
        p.statuses = [{ context: "ci/jenkins", state: "failure" }];
      },
      codes: ["checks.required"],
    },
    {
      name: "a required context reported as a successful commit status",
      environment: "fraud-shadow",
      policy: { rollout: { stages: [{ name: "shadow", traffic: 0, require_checks: ["ci/jenkins"] }] } },
      heads: [1],
      setup: (p) => {
        p.statuses = [{ context: "ci/jenkins", state: "success" }];
      },
      codes: [],
    },
    {
      name: "a closed PR",
      environment: "fraud-shadow",
      pullRequests: [1],
      setup: (p) => p.pulls.set(1, pull(1, { state: "closed" })),
      codes: ["pr.not-open"],
    },
    {
      name: "an environment another open PR holds (the job's own newer deployment does not hide it)",
      environment: "fraud-shadow",
      pullRequests: [1],
      setup: (p) => {
        p.pulls.set(2, pull(2, { headSha: OTHER }));
        p.stored.push(jobDeployment("shadow"));
        p.stored.push(
          promoted("shadow", T0 - HOUR, {
            sha: OTHER,
            payload: { ...PAYLOAD, pr: 2 },
          }),
        );
      },
      codes: ["environment.locked"],
    },
    {
      name: "the PR GitHub names for a pull_request run",
      environment: "fraud-shadow",
      pullRequests: [3],
      setup: (p) => p.pulls.set(3, pull(3)),
      codes: [],
      pr: 3,
    },
    {
      name: "a template without {model}: the PR's only model",
      environment: "ml-shadow",
      policy: { rollout: { environment: "ml-{stage}" } },
      heads: [1],
      codes: [],
      pr: 1,
    },
    {
      name: "a template without {model}, and a PR with two models",
      environment: "ml-shadow",
      policy: { rollout: { environment: "ml-{stage}" } },
      heads: [1],
      setup: (p) => p.models.push({ name: "churn", version: "1.0.0" }),
      codes: ["model.not-changed"],
    },
  ])("$name → $codes", async (c) => {
    const port = new FakePort();
    c.setup?.(port);
    const lookups: string[] = [];
    const protection = {
      pullsForSha: async (sha: string) => {
        lookups.push(sha);
        return sha === HEAD ? (c.heads ?? []) : [];
      },
    };
    const decision = await decideDeployment(port, protection, Policy.parse(c.policy ?? {}), request(c));
    expect(decision.reasons.map((r) => r.code)).toEqual(c.codes);
    expect(decision.state).toBe(c.codes.length === 0 ? "approved" : "rejected");
    if (c.pr !== undefined) expect(decision.subject?.pr).toBe(c.pr);
    expect(port.mutations).toEqual([]);
  });

  it("names a hostile environment inertly in its rejection", async () => {
    const decision = await decideDeployment(
      new FakePort(),
      { pullsForSha: async () => [1] },
      Policy.parse({}),
      {
        ...request({ name: "", environment: "<!-- x --> @alice #2 `", codes: [] }),
      },
    );
    const [reason] = decision.reasons;
    expect(reason?.code).toBe("environment.unknown");
    expect(reason?.message).not.toContain("<");
    expect(reason?.message).not.toMatch(/@a|#2/);
    expect(reason?.message.startsWith("`")).toBe(true);
    expect(reason?.message.match(/`/g)?.length).toBe(4); // two closed code spans: environment, template
  });

  it("approves modelgate's own in-flight /promote deployment (never 'already deploying') and ignores the job's own", async () => {
    const port = new FakePort();
    const canary = promoted("canary", T0 - HOUR, { statuses: [] });
    port.stored.push(promoted("shadow", T0 - 30 * HOUR), canary, jobDeployment("canary"));
    const decision = await decideDeployment(port, { pullsForSha: async () => [] }, Policy.parse({}), {
      ...request({ name: "", environment: "fraud-canary", codes: [] }),
    });
    expect(decision).toMatchObject({ state: "approved", subject: { model: "fraud", pr: 1 } });
  });
});
