import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import {
  checkRunsOf,
  commentsOf,
  type E2E,
  type RepoWithPull,
  repoWithPull,
  requestLines,
  sendPullRequest,
  startE2E,
  writeLines,
} from "./harness.ts";
import { comment, reactionsOn } from "./rollout-harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

const STICKY = "<!-- modelgate:sticky -->";
const COULD_NOT = "modelgate could not evaluate this pull request";

function openPull(prefix: string, policy = ""): RepoWithPull {
  const policyFile = policy ? { ".github/modelgate.yml": policy } : {};
  return repoWithPull(e2e.sim, prefix, {
    base: { ...README, ...policyFile, ...modelFiles({ name: "fraud", version: "1.0.0", auc: 0.9 }) },
    head: { ...README, ...policyFile, ...modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 }) },
  });
}

const stickies = (pr: RepoWithPull) =>
  commentsOf(pr.repo).filter((c) => c.user.type === "Bot" && c.body.includes(STICKY));
const verdicts = (pr: RepoWithPull, sha = pr.pull.head.sha) =>
  checkRunsOf(pr.repo, sha)
    .sort((a, b) => a.id - b.id)
    .map((r) => [r.name, r.conclusion, r.output.title]);
const path = (pr: RepoWithPull, rest: string) => `/repos/${pr.repo.fullName}${rest}`;

/** The App's failed deliveries are redelivered by its recovery sweep (SPEC §4.6). */
async function sweep(): Promise<string[]> {
  const result = await e2e.app.served?.recovery?.sweepNow();
  return result?.redelivered.map((r) => `${r.event}.${r.action}`) ?? [];
}

describe("a transient error after the verdict is posted never replaces it (SPEC §4.4)", () => {
  it("a 502 on the sticky comment: the check keeps its verdict; the redelivered event writes only the comment", async () => {
    const pr = openPull("sticky-502");
    e2e.sim.fail({ method: "POST", path: path(pr, "/issues/1/comments"), status: 502 });
    e2e.sim.reset();
    // The event fails (so that GitHub's delivery log shows it), after the verdict is on the head.
    expect(await sendPullRequest(e2e.sim, pr, "opened", "sticky-502-delivery")).toBe(503);
    expect(verdicts(pr)).toEqual([["modelgate", "success", "1 model · 0 errors · 0 warnings"]]);
    expect(writeLines(e2e.sim)).toEqual(
      [path(pr, "/check-runs"), path(pr, "/issues/1/comments")].map((p) => `POST ${p}`),
    );
    expect(stickies(pr)).toEqual([]);
    const logged = e2e.logs.find((l) => l.delivery === "sticky-502-delivery" && l.level === 50);
    expect(logged?.msg).toBe(
      "the verdict is posted, but the sticky comment could not be written: the next event for this PR writes it",
    );
    expect(logged?.err?.status).toBe(502);
    const failed = await e2e.app.served?.metrics.registry
      .getSingleMetric("modelgate_events_failed_total")
      ?.get();
    expect(failed?.values.find((v) => v.labels.event === "pull_request.opened")?.value).toBe(1);
    const deferred = await e2e.app.served?.metrics.registry
      .getSingleMetric("modelgate_sticky_comments_deferred_total")
      ?.get();
    expect(deferred?.values[0]?.value).toBe(1);

    e2e.sim.reset();
    expect(await sweep()).toEqual(["pull_request.opened"]);
    // The check is unchanged, so it is not written again (SPEC §6); the comment is.
    expect(writeLines(e2e.sim).filter((w) => !w.includes("/app/hook/deliveries"))).toEqual([
      `POST ${path(pr, "/issues/1/comments")}`,
    ]);
    expect(stickies(pr)).toHaveLength(1);
    expect(verdicts(pr)).toEqual([["modelgate", "success", "1 model · 0 errors · 0 warnings"]]);
    // And the next sweep has nothing left to do.
    expect(await sweep()).toEqual([]);
  });

  it("a secondary rate limit on the sticky comment that outlasts the waits: the next event (/status) writes it", async () => {
    const pr = openPull("sticky-403");
    e2e.sim.fail({
      method: "POST",
      path: path(pr, "/issues/1/comments"),
      status: 403,
      times: 3,
      headers: { "retry-after": "0" },
      body: {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      },
    });
    expect(await sendPullRequest(e2e.sim, pr)).toBe(503);
    expect(verdicts(pr)).toEqual([["modelgate", "success", "1 model · 0 errors · 0 warnings"]]);
    expect(stickies(pr)).toEqual([]);

    e2e.sim.reset();
    const status = await comment(e2e.sim, pr.repo, "mallory", "/status");
    expect(status.status).toBe(200);
    expect(reactionsOn(pr.repo, status.commentId)).toEqual(["eyes", "rocket"]);
    expect(writeLines(e2e.sim)).toEqual([
      `POST ${path(pr, `/issues/comments/${status.commentId}/reactions`)}`,
      `POST ${path(pr, `/issues/comments/${status.commentId}/reactions`)}`,
      `POST ${path(pr, "/issues/1/comments")}`,
    ]);
    expect(stickies(pr)).toHaveLength(1);
    expect(verdicts(pr)).toHaveLength(1);
    // The failed opened delivery is still redelivered; it now finds nothing to write.
    e2e.sim.reset();
    expect(await sweep()).toEqual(["pull_request.opened"]);
    expect(writeLines(e2e.sim).filter((w) => !w.includes("/app/hook/deliveries"))).toEqual([]);
  });

  it("a failed update leaves a stale sticky comment: the redelivered push brings it up to date", async () => {
    const pr = openPull("sticky-stale");
    expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
    const [before] = stickies(pr);
    const oldBody = before?.body;
    const head = pr.repo.pushCommit(1, modelFiles({ name: "fraud", version: "1.0.2", auc: 0.5 }));
    e2e.sim.fail({ method: "PATCH", path: path(pr, `/issues/comments/${before?.id}`), status: 500 });
    expect(await sendPullRequest(e2e.sim, pr, "synchronize")).toBe(503);
    const [run] = checkRunsOf(pr.repo, head);
    expect([run?.conclusion, run?.output.title]).toEqual(["success", "1 model · 0 errors · 1 warning"]);
    expect(stickies(pr)[0]?.body).toBe(oldBody);

    e2e.sim.reset();
    expect(await sweep()).toEqual(["pull_request.synchronize"]);
    expect(writeLines(e2e.sim).filter((w) => !w.includes("/app/hook/deliveries"))).toEqual([
      `PATCH ${path(pr, `/issues/comments/${before?.id}`)}`,
    ]);
    expect(stickies(pr)).toHaveLength(1);
    expect(oldBody).not.toContain("1 warning");
    expect(stickies(pr)[0]?.body).toContain("1 warning");
    expect(checkRunsOf(pr.repo, head)).toHaveLength(1);
  });

  it("a 502 after GitHub created the check run: the verdict stands, nothing says 'could not evaluate'", async () => {
    const pr = openPull("check-502-after");
    e2e.sim.fail({ method: "POST", path: path(pr, "/check-runs"), status: 502, afterHandling: true });
    e2e.sim.reset();
    expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
    expect(verdicts(pr)).toEqual([["modelgate", "success", "1 model · 0 errors · 0 warnings"]]);
    // One read to learn whether the run was created, then the sticky comment as usual.
    expect(requestLines(e2e.sim).filter((l) => l.includes("/check-runs"))).toEqual([
      `POST ${path(pr, "/check-runs")}`,
      `GET ${path(pr, `/commits/${pr.pull.head.sha}/check-runs`)}`,
    ]);
    expect(stickies(pr)).toHaveLength(1);
    expect(
      e2e.logs.some((l) => l.msg.startsWith("GitHub answered an error, but the check run was created")),
    ).toBe(true);
  });

  it("a 500 on a check run that was not created still says so: a run is never left without an answer", async () => {
    const pr = openPull("check-500");
    e2e.sim.fail({ method: "POST", path: path(pr, "/check-runs"), status: 500 });
    expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
    expect(verdicts(pr)).toEqual([["modelgate", "failure", COULD_NOT]]);
    expect(stickies(pr)).toEqual([]);
  });

  it("split checks: a gate whose verdict is posted keeps it when a later gate's run fails", async () => {
    const pr = openPull("split-502", "version: 1\nchecks: { name: mg, split: true }\n");
    e2e.sim.fail({ method: "POST", path: path(pr, "/check-runs"), status: 502, skip: 1 });
    expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
    expect(verdicts(pr)).toEqual([
      ["mg/documentation", "success", "documentation: 1 model · 0 errors · 0 warnings"],
      ["mg/versioning", "failure", COULD_NOT],
      ["mg/lineage", "failure", COULD_NOT],
      ["mg/evaluation", "failure", COULD_NOT],
    ]);
  });
});
