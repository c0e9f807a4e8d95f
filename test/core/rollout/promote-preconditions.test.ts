import { describe, expect, it } from "vitest";
import type { Stage } from "../../../src/core/policy/schema.ts";
import { type PromoteInput, promotePreconditions } from "../../../src/core/rollout/promote-preconditions.ts";
import { deployment, HEAD, HOUR, OLD, PROMOTE, T0 } from "./fixtures.ts";

const base: PromoteInput = PROMOTE;
const codes = (over: Partial<PromoteInput>) => promotePreconditions({ ...base, ...over }).map((u) => u.code);
const liveShadow = (at = T0) =>
  deployment("shadow", [
    ["in_progress", at],
    ["success", at],
  ]);

describe("promotePreconditions: each unmet condition", () => {
  it("a clean first stage has none", () => {
    expect(codes({})).toEqual([]);
  });

  it.each<{ name: string; over: Partial<PromoteInput>; code: string }>([
    {
      name: "the PR is closed",
      over: { pr: { number: 1, state: "closed", headSha: HEAD } },
      code: "pr.not-open",
    },
    {
      name: "the PR is merged (no require_merged)",
      over: { pr: { number: 1, state: "merged", headSha: HEAD } },
      code: "pr.not-open",
    },
    { name: "the check has not run", over: { gateCheck: null }, code: "check.missing" },
    { name: "the check failed", over: { gateCheck: "failure" }, code: "check.failed" },
    { name: "the check is still running", over: { gateCheck: "in_progress" }, code: "check.failed" },
    { name: "on hold", over: { onHold: true }, code: "hold" },
    { name: "canary without shadow", over: { stage: "canary" }, code: "previous.missing" },
    {
      name: "canary when shadow runs an older commit",
      over: { stage: "canary", deployments: [deployment("shadow", [["success", T0]], { sha: OLD })] },
      code: "previous.missing",
    },
    {
      name: "canary while shadow is still deploying",
      over: {
        stage: "canary",
        deployments: [deployment("shadow", [["in_progress", T0]])],
        now: T0 + 48 * HOUR,
      },
      code: "previous.not-live",
    },
    {
      name: "canary when shadow failed",
      over: {
        stage: "canary",
        deployments: [
          deployment("shadow", [
            ["success", T0],
            ["failure", T0 + HOUR],
          ]),
        ],
        now: T0 + 48 * HOUR,
      },
      code: "previous.not-live",
    },
    {
      name: "canary before the soak",
      over: { stage: "canary", deployments: [liveShadow()], now: T0 + 3 * HOUR },
      code: "previous.soaking",
    },
    {
      name: "the stage already runs the head",
      over: { deployments: [liveShadow()] },
      code: "stage.already-live",
    },
  ])("$name → $code", ({ over, code }) => {
    expect(codes(over)).toEqual([code]);
  });

  it("require_merged wants a merged PR, and accepts one", () => {
    const stages: Stage[] = [{ name: "shadow", traffic: 0, require_merged: true }];
    expect(codes({ stages })).toEqual(["pr.not-merged"]);
    expect(codes({ stages, pr: { number: 1, state: "merged", headSha: HEAD } })).toEqual([]);
  });

  it("require_checks: missing, running and failed checks each count; success, neutral and skipped pass", () => {
    const stages: Stage[] = [
      { name: "shadow", traffic: 0, require_checks: ["ci", "e2e", "lint", "fmt", "docs", "skip"] },
    ];
    const checks = new Map<string, string | null>([
      ["e2e", null],
      ["lint", "failure"],
      ["fmt", "success"],
      ["docs", "neutral"],
      ["skip", "skipped"],
    ]);
    const unmet = promotePreconditions({ ...base, stages, checks });
    expect(unmet.map((u) => u.message)).toEqual([
      expect.stringContaining("`ci` has not run"),
      expect.stringContaining("`e2e` is still running"),
      expect.stringContaining("`lint` is `failure`"),
    ]);
  });

  it("every unmet condition is listed at once", () => {
    expect(
      codes({
        stage: "canary",
        gateCheck: "failure",
        onHold: true,
        pr: { number: 1, state: "closed", headSha: HEAD },
      }),
    ).toEqual(["pr.not-open", "check.failed", "previous.missing", "hold"]);
  });
});

describe("promotePreconditions: soak arithmetic with an injected clock", () => {
  const soaking = (hours: number) =>
    promotePreconditions({ ...base, stage: "canary", deployments: [liveShadow()], now: T0 + hours * HOUR });

  it("says how long it soaked, of how long, and when to try again", () => {
    expect(soaking(3).map((u) => u.message)).toEqual([
      "shadow has soaked 3 h of 24 h; try again after 2026-11-21 14:02 UTC.",
    ]);
  });

  it("counts from the success status, not from the deployment's creation", () => {
    const late = deployment("shadow", [
      ["queued", T0],
      ["success", T0 + 10 * HOUR],
    ]);
    const unmet = promotePreconditions({
      ...base,
      stage: "canary",
      deployments: [late],
      now: T0 + 30 * HOUR,
    });
    expect(unmet.map((u) => u.message)).toEqual([
      "shadow has soaked 20 h of 24 h; try again after 2026-11-22 00:02 UTC.",
    ]);
  });

  it.each([
    { hours: 23.99, ok: false },
    { hours: 24, ok: true },
    { hours: 100, ok: true },
  ])("after $hours h: $ok", ({ hours, ok }) => {
    expect(soaking(hours).length === 0).toBe(ok);
  });

  it("a stage without soak needs only a live previous stage", () => {
    const stages: Stage[] = [
      { name: "shadow", traffic: 0 },
      { name: "canary", traffic: 5 },
    ];
    expect(promotePreconditions({ ...base, stages, stage: "canary", deployments: [liveShadow()] })).toEqual(
      [],
    );
  });
});

describe("promotePreconditions: the environment lock between PRs", () => {
  const other = (state: "success" | "in_progress" | "failure") =>
    deployment("canary", [[state, T0]], { pr: 7, actor: "bob" });
  const canaryReady = [liveShadow(T0 - 48 * HOUR)];

  it.each([
    { state: "success", pr7: "open", locked: true },
    { state: "in_progress", pr7: "open", locked: true },
    { state: "success", pr7: "merged", locked: false },
    { state: "success", pr7: "closed", locked: false },
    { state: "failure", pr7: "open", locked: false },
  ] as const)("#7's canary $state while #7 is $pr7 → locked: $locked", ({ state, pr7, locked }) => {
    const unmet = promotePreconditions({
      ...base,
      stage: "canary",
      deployments: [...canaryReady, other(state)],
      otherPrs: new Map([[7, pr7]]),
    });
    expect(unmet.map((u) => u.code)).toEqual(locked ? ["environment.locked"] : []);
    if (locked) expect(unmet[0]?.message).toContain("`fraud-canary` is held by #7");
  });

  it("a deployment the CD made without modelgate holds nothing", () => {
    const foreign = deployment("canary", [["success", T0]], { foreign: true });
    expect(codes({ stage: "canary", deployments: [...canaryReady, foreign] })).toEqual([]);
  });
});
