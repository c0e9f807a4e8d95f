import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveAuthorityKey } from "../../src/github/authority/authority-key.ts";
import { RECORDS_RUN_NAME } from "../../src/github/authority/records-run.ts";
import { signRecord } from "../../src/github/authority/signed-record.ts";
import type { SimRepo } from "../../src/sim/sim-repo.ts";
import type { PullRequest } from "../../src/sim/sim-types.ts";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, type E2E, repoWithPull, sendPullRequest, startE2E } from "./harness.ts";
import { comment, deploymentsOf, reactionsOn } from "./rollout-harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

// The evaluation gate fails (AUC below the floor) and, with `bumped: false`, the versioning gate too.
const POLICY = "gates:\n  evaluation:\n    metrics: [{ name: auc, direction: higher, min: 0.95 }]\n";

async function failingPr(prefix: string, opts: { bumped?: boolean; name?: string; version?: string } = {}) {
  const name = opts.name ?? "fraud";
  const version = opts.version ?? (opts.bumped === false ? "1.0.0" : "1.0.1");
  const pr = repoWithPull(e2e.sim, prefix, {
    base: {
      ...README,
      ".github/modelgate.yml": POLICY,
      ...modelFiles({ name: "fraud", version: "1.0.0", auc: 0.9 }),
    },
    head: { ...README, ".github/modelgate.yml": POLICY, ...modelFiles({ name, version, auc: 0.91 }) },
  });
  pr.repo.setPermission("alice", "write", "maintain");
  pr.repo.setPermission("dave", "write");
  expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
  return pr;
}

/** The modelgate gate check on the PR head (not the records run). */
const gateRun = (repo: SimRepo, pull: PullRequest) =>
  checkRunsOf(repo, pull.head.sha)
    .filter((c) => c.name === "modelgate")
    .at(-1);

/** The App's own signing key, derived as the App derives it: the worst case, a leaked record. */
const appKey = () =>
  deriveAuthorityKey(
    `sha256=${createHmac("sha256", e2e.app.secret).update("modelgate authority key").digest("hex")}`,
  );

/**
 * A record for `sha` in `by`'s name in every format modelgate has used: the old comment marker,
 * and a records block signed with the App's real key, so that only where it sits can stop it.
 */
function forged(
  repo: SimRepo,
  sha: string,
  gate: "evaluation" | "versioning" = "evaluation",
  by = "alice",
): string {
  const legacy = JSON.stringify({ gate, sha, by, reason: "forged" });
  const signed = signRecord(appKey(), {
    kind: "override",
    gate,
    repo: repo.fullName.toLowerCase(),
    pr: 1,
    sha,
    actor: by,
    reason: "forged",
    at: 0,
  });
  return `<!-- modelgate:override ${legacy} --> <!-- modelgate:records ${JSON.stringify([signed])} -->`;
}

/** The App's reply to a comment as written, and proof that the only marker in it is the App's own. */
function inertReply(repo: SimRepo, commentId: number): string {
  const reply = [...repo.comments.values()].find(
    (c) => c.user.login === "modelgate[bot]" && c.body.includes(`<!-- modelgate:reply ${commentId} `),
  );
  const [marker, ...rest] = (reply?.body ?? "").split("\n");
  expect(marker).toMatch(/^<!-- modelgate:reply \d+ [0-9a-f]{64} -->$/);
  const body = rest.join("\n");
  expect(body).not.toMatch(/<!--|-->|<[a-z]/i);
  return body;
}

async function refresh(repo: SimRepo) {
  const c = await comment(e2e.sim, repo, "mallory", "/status");
  expect(reactionsOn(repo, c.commentId)).toEqual(["eyes", "rocket"]);
}

describe("no text anyone else can write plants an override (SPEC §4.4)", () => {
  it("a read-only user's /promote with a record in its argument, echoed in the refusal", async () => {
    const { repo, pull } = await failingPr("attack-echo");
    const c = await comment(e2e.sim, repo, "mallory", `/promote shadow '${forged(repo, pull.head.sha)}'`);
    const reply = inertReply(repo, c.commentId);
    expect(reply).toContain("&lt;!-- modelgate:override");
    await refresh(repo);
    expect(gateRun(repo, pull)?.conclusion).toBe("failure");
    expect(gateRun(repo, pull)?.output.summary).not.toContain("overridden");
    expect(deploymentsOf(repo)).toEqual([]);
  });

  it("a bad gate name or model name holding a record, echoed the same way", async () => {
    const { repo, pull } = await failingPr("attack-names");
    const badGate = await comment(
      e2e.sim,
      repo,
      "mallory",
      `/override '${forged(repo, pull.head.sha)}' because`,
    );
    expect(inertReply(repo, badGate.commentId)).toContain("there is no gate `\uff1c!-- modelgate:override");
    const badModel = await comment(
      e2e.sim,
      repo,
      "alice",
      `/promote --model '${forged(repo, pull.head.sha)}'`,
    );
    expect(inertReply(repo, badModel.commentId)).toContain("this PR changes no model named `\uff1c!--");
    await refresh(repo);
    expect(gateRun(repo, pull)?.conclusion).toBe("failure");
    expect(deploymentsOf(repo)).toEqual([]);
  });

  it("a card whose name and version hold a record for the SHA the author force-pushes later", async () => {
    // The author computes the commit they will push, and plants its record in the card first.
    const pr = await failingPr("attack-card");
    const { repo, pull } = pr;
    repo.createBranch("later", pull.head.sha);
    const later = repo.commit(
      new Map([...(repo.commits.get(pull.head.sha)?.tree ?? new Map()), ["models/fraud/NOTES.md", "v2\n"]]),
      "later",
      "later",
    );
    const planted = forged(repo, later).replace(/"/g, "'");
    repo.pushCommit(1, {
      ...modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 }),
      "models/fraud/MODEL_CARD.md": (
        modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 })["models/fraud/MODEL_CARD.md"] ?? ""
      )
        .replace("name: fraud", `name: "fraud ${planted}"`)
        .replace("version: 1.0.1", `version: "1.0.1 ${planted}"`),
    });
    await sendPullRequest(e2e.sim, pr, "synchronize");
    // Force-push: the head becomes the commit the record names.
    pull.head.sha = later;
    repo.branches.set(pull.head.ref, later);
    await sendPullRequest(e2e.sim, pr, "synchronize");
    expect(gateRun(repo, pull)?.conclusion).toBe("failure");
    expect(gateRun(repo, pull)?.output.summary).not.toContain("overridden");
  });

  it("a writer who edits the App's reply and sticky comment after a push", async () => {
    const pr = await failingPr("attack-edit");
    const { repo, pull } = pr;
    const accepted = await comment(e2e.sim, repo, "alice", '/override evaluation "waived for the pilot"');
    expect(gateRun(repo, pull)?.conclusion).toBe("success");
    const sha = repo.pushCommit(1, { "models/fraud/NOTES.md": "retrained\n" });
    await sendPullRequest(e2e.sim, pr, "synchronize");
    expect(gateRun(repo, pull)?.conclusion).toBe("failure");
    // dave (write) rewrites modelgate's own comments to carry a record for the new head.
    const own = [...repo.comments.values()].filter((c) => c.user.login === "modelgate[bot]");
    expect(own.some((c) => c.body.includes(`modelgate:reply ${accepted.commentId}`))).toBe(true);
    for (const c of own) repo.editComment(c.id, `${c.body}\n${forged(repo, sha)}`);
    await refresh(repo);
    expect(gateRun(repo, pull)?.conclusion).toBe("failure");
    expect(deploymentsOf(repo)).toEqual([]);
  });

  it("a maintainer's REASON holding a second record in someone else's name", async () => {
    const { repo, pull } = await failingPr("attack-reason", { bumped: false });
    const reason = `"ok ${forged(repo, pull.head.sha, "versioning", "cto").replace(/"/g, "'")}"`;
    await comment(e2e.sim, repo, "alice", `/override evaluation ${reason}`);
    const run = gateRun(repo, pull);
    // Only alice's override of evaluation counts: versioning still fails, nobody speaks for the cto.
    expect(run?.conclusion).toBe("failure");
    expect(run?.output.summary).toContain("overridden by @alice");
    expect(run?.output.summary).not.toContain("@cto");
    expect(run?.output.summary).toContain("version.not-bumped");
  });

  it("a check run named like the records run, from another App, counts for nothing", async () => {
    const { repo, pull } = await failingPr("attack-other-app");
    repo.addCheckRun({
      name: RECORDS_RUN_NAME,
      headSha: pull.head.sha,
      appId: 99,
      output: { title: "", summary: "", text: forged(repo, pull.head.sha), annotations: [] },
    });
    await refresh(repo);
    expect(gateRun(repo, pull)?.conclusion).toBe("failure");
  });
});

describe("a real override", () => {
  it("given at comment 3,002 of a long thread still counts", async () => {
    const { repo, pull } = await failingPr("override-long-thread");
    for (let i = 0; i < 3000; i++) repo.addComment(1, `review note ${i}`, "reviewer");
    expect(repo.comments.size).toBe(3001); // the sticky comment and 3,000 notes
    const c = await comment(e2e.sim, repo, "alice", '/override evaluation "accepted by the risk team"');
    expect(repo.comments.get(c.commentId)).toBeDefined();
    expect(gateRun(repo, pull)?.conclusion).toBe("success");
    expect(gateRun(repo, pull)?.output.summary).toContain("overridden by @alice: accepted by the risk team");
    const records = checkRunsOf(repo, pull.head.sha).filter((r) => r.name === RECORDS_RUN_NAME);
    expect(records).toHaveLength(1);
    expect(records[0]?.conclusion).toBe("neutral");
    expect(records[0]?.output.summary).toContain("`evaluation` overridden by @\u2060alice");
  });
});
