import { describe, expect, it } from "vitest";
import { type PromoteInput, promotePreconditions } from "../../../src/core/rollout/promote-preconditions.ts";
import { rollbackTarget } from "../../../src/core/rollout/rollback-target.ts";
import {
  environmentDeployments,
  type RolloutDeployment,
} from "../../../src/core/rollout/rollout-deployment.ts";
import { deployment, HEAD, HOUR, OLD, PROMOTE, T0, views } from "./fixtures.ts";

/**
 * A CD workflow job with `environment:` makes GitHub create a deployment of its own (the CD's
 * record of the rollout modelgate asked for); when that job succeeds, GitHub's auto_inactive marks
 * modelgate's deployment inactive. That is not a replacement: the stage is still live.
 */

const MIN = 60_000;
const record = (stage: string, statuses: Parameters<typeof deployment>[1], sha = HEAD) =>
  deployment(stage, statuses, { foreign: true, sha });

const canaryView = (deployments: RolloutDeployment[], now: number) => views(deployments, now)[1]?.status;

describe("environmentDeployments: the CD's own record of a rollout", () => {
  it("is left out, and the inactive it caused is undone: the stage keeps its success", () => {
    const mine = deployment("canary", [
      ["success", T0],
      ["inactive", T0 + 2 * MIN],
    ]);
    const cd = record("canary", [
      ["in_progress", T0 + MIN],
      ["success", T0 + 2 * MIN],
    ]);
    const read = environmentDeployments([mine, cd], "fraud-canary");
    expect(read.map((d) => [d.id, d.statuses.map((s) => s.state)])).toEqual([[mine.id, ["success"]]]);
    expect(canaryView([mine, cd], T0 + 100 * HOUR)).toMatchObject({ kind: "active", since: T0 });
  });

  it("when the CD reported only on its own record, the stage takes that record's statuses", () => {
    const mine = deployment("canary", [["inactive", T0 + 5 * MIN]], { at: T0 });
    const cd = record("canary", [
      ["in_progress", T0 + MIN],
      ["success", T0 + 5 * MIN],
    ]);
    expect(canaryView([mine, cd], T0 + 100 * HOUR)).toMatchObject({ kind: "active", since: T0 + 5 * MIN });
    const failed = record("canary", [["failure", T0 + 5 * MIN]]);
    expect(canaryView([mine, failed], T0 + HOUR)).toMatchObject({ kind: "failed", state: "failure" });
  });

  it("a deployment of another commit still replaces it, and an inactive nothing explains stands", () => {
    const mine = deployment("canary", [
      ["success", T0],
      ["inactive", T0 + HOUR],
    ]);
    const other = record("canary", [["success", T0 + HOUR]], OLD);
    expect(canaryView([mine, other], T0 + 100 * HOUR)).toEqual({ kind: "replaced", byPr: null });
    // Torn down by the CD itself (no record of a rollout after it): not live.
    expect(canaryView([mine], T0 + 100 * HOUR)).toEqual({ kind: "replaced", byPr: null });
  });

  it("a later modelgate deployment of the head after the record is not hidden", () => {
    const first = deployment("canary", [
      ["success", T0],
      ["inactive", T0 + MIN],
    ]);
    const cd = record("canary", [["success", T0 + MIN]]);
    const again = deployment("canary", [["in_progress", T0 + HOUR]], { at: T0 + HOUR });
    expect(environmentDeployments([first, cd, again], "fraud-canary").map((d) => d.id)).toEqual([
      again.id,
      first.id,
    ]);
  });
});

describe("the record changes nothing modelgate decides", () => {
  const base: PromoteInput = { ...PROMOTE, stage: "production", now: T0 + 100 * HOUR };
  const codes = (over: Partial<PromoteInput>) =>
    promotePreconditions({ ...base, ...over }).map((u) => u.code);

  it("canary soaked under the CD's record: production may go", () => {
    const canary = deployment("canary", [
      ["success", T0],
      ["inactive", T0 + MIN],
    ]);
    const cd = record("canary", [["success", T0 + MIN]]);
    expect(codes({ deployments: [canary, cd] })).toEqual([]);
    expect(codes({ deployments: [canary] })).toEqual(["previous.not-live"]);
  });

  it("another open PR still holds the environment whose CD made a record", () => {
    const theirs = deployment(
      "canary",
      [
        ["success", T0],
        ["inactive", T0 + MIN],
      ],
      { pr: 2, sha: OLD },
    );
    const cd = record("canary", [["success", T0 + MIN]], OLD);
    const shadow = deployment("shadow", [["success", T0]]);
    expect(
      codes({ stage: "canary", deployments: [shadow, theirs, cd], otherPrs: new Map([[2, "open"]]) }),
    ).toEqual(["environment.locked"]);
  });

  it("a rollback followed by the CD's record is still the current deployment: nothing left to undo", () => {
    const live = deployment("canary", [["success", T0]], { sha: OLD });
    const bad = deployment("canary", [["success", T0 + HOUR]], { at: T0 + HOUR });
    const back = deployment("canary", [["success", T0 + 2 * HOUR]], {
      at: T0 + 2 * HOUR,
      sha: OLD,
      kind: "rollback",
    });
    const cd = record("canary", [["success", T0 + 2 * HOUR]], OLD);
    const plan = rollbackTarget([live, bad, back, cd], "fraud-canary");
    expect(plan).toMatchObject({ ok: false });
    expect(plan.ok ? "" : plan.message).toContain("was already rolled back");
  });
});
