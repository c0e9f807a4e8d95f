import { describe, expect, it } from "vitest";
import { nextStageToPromote, stageToRollBack } from "../../../src/core/rollout/default-stage.ts";
import { nextStep, trackerLine } from "../../../src/core/rollout/render-tracker.ts";
import { rollbackTarget } from "../../../src/core/rollout/rollback-target.ts";
import type { RolloutDeployment } from "../../../src/core/rollout/rollout-deployment.ts";
import { deployment, HOUR, OLD, T0, views } from "./fixtures.ts";

const opts = { prefix: "", model: null, merged: false };

describe("stageStates → tracker line and next command", () => {
  it("the SPEC's example: shadow live, canary soaking toward production", () => {
    const v = views(
      [
        deployment("shadow", [["success", T0]]),
        deployment("canary", [["success", T0 + 30 * HOUR]], { actor: "bob" }),
      ],
      T0 + 97 * HOUR,
    );
    expect(trackerLine(v)).toBe(
      "shadow ✅ (2026-11-20 14:02, @alice) → canary ⏳ soaking, 5 h left → production ○",
    );
    expect(nextStep(v, opts)).toBe("`/promote production` after 2026-11-24 20:02 UTC");
  });

  it.each<{ name: string; deployments: RolloutDeployment[]; now: number; line: string; next: string }>([
    {
      name: "nothing yet",
      deployments: [],
      now: T0,
      line: "shadow ○ → canary ○ → production ○",
      next: "`/promote shadow`",
    },
    {
      name: "deploying",
      deployments: [deployment("shadow", [["queued", T0]])],
      now: T0,
      line: "shadow 🔄 deploying → canary ○ → production ○",
      next: "waiting for the shadow deployment to report its status",
    },
    {
      name: "shadow soaking",
      deployments: [deployment("shadow", [["success", T0]])],
      now: T0 + 19 * HOUR,
      line: "shadow ⏳ soaking, 5 h left → canary ○ → production ○",
      next: "`/promote canary` after 2026-11-21 14:02 UTC",
    },
    {
      name: "canary failed",
      deployments: [
        deployment("shadow", [["success", T0]]),
        deployment("canary", [
          ["success", T0 + 25 * HOUR],
          ["failure", T0 + 26 * HOUR],
        ]),
      ],
      now: T0 + 27 * HOUR,
      line: "shadow ✅ (2026-11-20 14:02, @alice) → canary ❌ failure (2026-11-21 16:02) → production ○",
      next: "canary failed: `/rollback canary`",
    },
    {
      name: "canary rolled back",
      deployments: [
        deployment("shadow", [["success", T0]]),
        deployment("canary", [
          ["success", T0 + 25 * HOUR],
          ["failure", T0 + 26 * HOUR],
        ]),
        deployment("canary", [["success", T0 + 26 * HOUR]], {
          kind: "rollback",
          sha: OLD,
          actor: "modelgate[bot]",
          at: T0 + 26 * HOUR,
        }),
      ],
      now: T0 + 27 * HOUR,
      line: "shadow ✅ (2026-11-20 14:02, @alice) → canary ↩️ rolled back (2026-11-21 16:02, @modelgate[bot]) → production ○",
      next: "`/promote canary`",
    },
    {
      name: "replaced by another PR",
      deployments: [
        deployment("shadow", [
          ["success", T0],
          ["inactive", T0 + HOUR],
        ]),
        deployment("shadow", [["success", T0 + HOUR]], { pr: 9 }),
      ],
      now: T0 + 2 * HOUR,
      line: "shadow ⏭ replaced by #9 → canary ○ → production ○",
      next: "`/promote shadow`",
    },
    {
      name: "an older commit does not count as reached",
      deployments: [deployment("shadow", [["success", T0]], { sha: OLD })],
      now: T0 + 48 * HOUR,
      line: "shadow ✅ (2026-11-20 14:02, @alice) (older commit ooooooo) → canary ○ → production ○",
      next: "`/promote shadow`",
    },
    {
      name: "fully rolled out",
      deployments: [
        deployment("shadow", [["success", T0]]),
        deployment("canary", [["success", T0 + 24 * HOUR]]),
        deployment("production", [["success", T0 + 96 * HOUR]]),
      ],
      now: T0 + 100 * HOUR,
      line: "shadow ✅ (2026-11-20 14:02, @alice) → canary ✅ (2026-11-21 14:02, @alice) → production ✅ (2026-11-24 14:02, @alice)",
      next: "fully rolled out 🎉",
    },
  ])("$name", ({ deployments, now, line, next }) => {
    const v = views(deployments, now);
    expect(trackerLine(v)).toBe(line);
    expect(nextStep(v, opts)).toBe(next);
  });

  it("names the model when the PR changes several, and uses the prefix", () => {
    expect(nextStep(views([], T0), { prefix: "mg", model: "fraud", merged: false })).toBe(
      "`mg/promote shadow --model fraud`",
    );
  });

  it("another model's deployments in the same environment are not this model's", () => {
    const d = deployment("shadow", [["success", T0]], { model: "other" });
    expect(trackerLine(views([d], T0))).toBe("shadow ○ → canary ○ → production ○");
  });
});

describe("default stages", () => {
  it("promote: the stage after the furthest one running the head; rollback: the furthest reached", () => {
    const v = views(
      [deployment("shadow", [["success", T0]]), deployment("canary", [["in_progress", T0 + 25 * HOUR]])],
      T0 + 26 * HOUR,
    );
    expect(nextStageToPromote(v)).toBe("canary");
    expect(stageToRollBack(v)).toBe("canary");
    expect(nextStageToPromote(views([], T0))).toBe("shadow");
    expect(stageToRollBack(views([], T0))).toBeNull();
  });
});

describe("rollbackTarget", () => {
  const previous = deployment(
    "canary",
    [
      ["success", T0],
      ["inactive", T0 + HOUR],
    ],
    { sha: OLD, foreign: true },
  );
  const current = deployment("canary", [
    ["success", T0 + HOUR],
    ["failure", T0 + 2 * HOUR],
  ]);

  it("the newest earlier deployment that went live with another commit", () => {
    const plan = rollbackTarget([current, previous], "fraud-canary");
    expect(plan.ok && plan.target.id).toBe(previous.id);
  });

  it.each([
    { name: "nothing deployed", ds: [], contains: "nothing has been deployed" },
    { name: "no earlier version", ds: [current], contains: "no earlier successful deployment" },
    {
      name: "already rolled back",
      ds: [
        previous,
        current,
        deployment("canary", [["success", T0 + 3 * HOUR]], { kind: "rollback", sha: OLD }),
      ],
      contains: "already rolled back",
    },
  ])("$name", ({ ds, contains }) => {
    const plan = rollbackTarget(ds, "fraud-canary");
    expect(plan.ok ? "" : plan.message).toContain(contains);
  });
});
