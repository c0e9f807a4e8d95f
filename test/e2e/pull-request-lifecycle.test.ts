import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CARD_VERSION_LINE,
  cardPath,
  MANIFEST_TRAIN_LINE,
  manifestPath,
  modelFiles,
  README,
} from "../fixtures/model-repo.ts";
import {
  checkRunsOf,
  commentsOf,
  type E2E,
  type RepoWithPull,
  repoWithPull,
  sendPullRequest,
  startE2E,
  writeLines,
} from "./harness.ts";

// One PR followed through its life: opened, redelivered, pushed to, re-run. The steps share the
// repository on purpose: each one asserts what the previous one left behind.
let e2e: E2E;
let pr: RepoWithPull;
let writesPath: { checks: string; comments: string };

beforeAll(async () => {
  e2e = await startE2E();
  pr = repoWithPull(e2e.sim, "lifecycle", {
    base: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.9 }) },
    // New data with a floating version, and no version bump: two errors on known lines.
    head: { ...README, ...modelFiles({ name: "m0", version: "1.0.0", auc: 0.91, trainVersion: "latest" }) },
  });
  writesPath = {
    checks: `POST /repos/${pr.repo.fullName}/check-runs`,
    comments: `POST /repos/${pr.repo.fullName}/issues/1/comments`,
  };
});
afterAll(() => e2e.close());

describe("a pull request through its life", () => {
  const delivery = "delivery-opened-1";

  it("opened: one failing check with annotations on the exact lines, and one sticky comment", async () => {
    e2e.sim.reset();
    expect(await sendPullRequest(e2e.sim, pr, "opened", delivery)).toBe(200);

    expect(writeLines(e2e.sim)).toEqual([writesPath.checks, writesPath.comments]);
    const runs = checkRunsOf(pr.repo);
    expect(runs).toHaveLength(1);
    const run = runs[0];
    expect(run?.headSha).toBe(pr.pull.head.sha);
    expect(run?.name).toBe("modelgate");
    expect(run?.status).toBe("completed");
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.title).toBe("1 model · 2 errors · 0 warnings");
    expect(run?.output.annotations.map((a) => [a.path, a.start_line, a.annotation_level, a.title])).toEqual([
      [manifestPath("m0"), MANIFEST_TRAIN_LINE, "failure", "version.floating-ref"],
      [cardPath("m0"), CARD_VERSION_LINE, "failure", "version.not-bumped"],
    ]);

    const comments = commentsOf(pr.repo);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.user.login).toBe("modelgate[bot]");
    expect(comments[0]?.body.startsWith("<!-- modelgate:sticky -->\n")).toBe(true);
    expect(comments[0]?.body).toContain("### m0 `1.0.0` → `1.0.0`");
    expect(comments[0]?.body).toContain("`version.not-bumped`");
  });

  it("a redelivery of the same event writes nothing", async () => {
    e2e.sim.reset();
    expect(await sendPullRequest(e2e.sim, pr, "opened", delivery)).toBe(200);
    expect(writeLines(e2e.sim)).toEqual([]);
    expect(e2e.sim.requests.length).toBeGreaterThan(0); // it did re-read: the zero is a decision
    expect(checkRunsOf(pr.repo)).toHaveLength(1);
  });

  it("synchronize: a new check on the new SHA, and the comment updated in place once", async () => {
    const commentId = commentsOf(pr.repo)[0]?.id;
    const oldSha = pr.pull.head.sha;
    const fixed = { name: "m0", version: "1.1.0", auc: 0.91 };
    // sim.pushCommit acts on the simulator's first repository; this PR lives in its own.
    pr.repo.pushCommit(pr.pull.number, modelFiles(fixed));
    e2e.sim.reset();
    expect(await sendPullRequest(e2e.sim, pr, "synchronize")).toBe(200);

    expect(writeLines(e2e.sim)).toEqual([
      writesPath.checks,
      `PATCH /repos/${pr.repo.fullName}/issues/comments/${commentId}`,
    ]);
    const fresh = checkRunsOf(pr.repo, pr.pull.head.sha);
    expect(fresh.map((r) => [r.name, r.conclusion, r.output.title])).toEqual([
      ["modelgate", "success", "1 model · 0 errors · 0 warnings"],
    ]);
    expect(fresh[0]?.output.annotations).toEqual([]);
    expect(checkRunsOf(pr.repo, oldSha)).toHaveLength(1); // the old commit keeps its own result
    const comments = commentsOf(pr.repo);
    expect(comments.map((c) => c.id)).toEqual([commentId]);
    expect(comments[0]?.body).toContain("### m0 `1.0.0` → `1.1.0`");
    expect(comments[0]?.body).not.toContain("version.not-bumped");
  });

  it("check_run.rerequested re-evaluates that SHA; under a stricter policy it posts a new result", async () => {
    const sha = pr.pull.head.sha;
    const [run] = checkRunsOf(pr.repo, sha);
    // A policy merged on the default branch since: auc must now reach 0.95.
    pr.repo.commit(
      {
        ...Object.fromEntries(pr.repo.resolveRef("main")?.tree ?? []),
        ".github/modelgate.yml":
          "version: 1\ngates:\n  evaluation:\n    metrics:\n      - { name: auc, direction: higher, min: 0.95 }\n",
      },
      "main",
      "stricter policy",
    );
    e2e.sim.reset();
    const payload = e2e.sim.payloads.checkRunRerequested({ checkRunId: run?.id ?? 0, repo: pr.repo });
    expect(await e2e.sim.sendWebhook({ name: "check_run", payload })).toBe(200);

    const graphql = e2e.sim.requests.filter((r) => r.path === "/graphql");
    expect(graphql.length).toBeGreaterThan(0);
    expect(graphql.every((r) => JSON.stringify(r.body).includes(sha))).toBe(true);
    const runs = checkRunsOf(pr.repo, sha).sort((a, b) => a.id - b.id);
    expect(runs.map((r) => r.conclusion)).toEqual(["success", "failure"]);
    expect(runs[1]?.output.annotations.map((a) => [a.path, a.title])).toEqual([
      [manifestPath("m0"), "eval.below-min"],
    ]);
  });

  it("check_run.rerequested with nothing changed writes nothing", async () => {
    const sha = pr.pull.head.sha;
    const latest = checkRunsOf(pr.repo, sha).sort((a, b) => b.id - a.id)[0];
    e2e.sim.reset();
    const payload = e2e.sim.payloads.checkRunRerequested({ checkRunId: latest?.id ?? 0, repo: pr.repo });
    expect(await e2e.sim.sendWebhook({ name: "check_run", payload })).toBe(200);
    expect(e2e.sim.requests.some((r) => r.path === "/graphql")).toBe(true);
    expect(writeLines(e2e.sim)).toEqual([]);
  });
});
