import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORDS_RUN_NAME } from "../../src/github/authority/records-run.ts";
import { createDeployment } from "../../src/sim/deployment-store.ts";
import type { SimRepo } from "../../src/sim/sim-repo.ts";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import {
  checkRunsOf,
  type E2E,
  type RepoWithPull,
  repoWithPull,
  sendPullRequest,
  startE2E,
} from "./harness.ts";
import {
  cdReports,
  comment,
  deploymentsOf,
  openRolloutPr,
  reactionsOn,
  replyTo,
  trackerOf,
} from "./rollout-harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

const HOLD = "modelgate: hold";

const openPr = (prefix: string): Promise<RepoWithPull> =>
  openRolloutPr(e2e.sim, prefix, {
    people: { alice: ["write", "maintain"], dave: ["write"], tom: ["read", "triage"] },
  });

/** `login` removes the hold label in GitHub's UI: GitHub sends `pull_request.unlabeled`. */
async function removeLabel(pr: RepoWithPull, login: string, id?: string): Promise<void> {
  const labels = pr.repo.issueLabels.get(pr.pull.number) ?? [];
  pr.repo.issueLabels.set(
    pr.pull.number,
    labels.filter((l) => l.toLowerCase() !== HOLD),
  );
  const payload = e2e.sim.payloads.pullRequest({
    action: "unlabeled",
    number: pr.pull.number,
    repo: pr.repo,
    sender: login,
    label: HOLD,
  });
  expect(await e2e.sim.sendWebhook({ name: "pull_request", payload, ...(id ? { id } : {}) })).toBe(200);
}

const labelsOf = (repo: SimRepo) => repo.issueLabels.get(1) ?? [];
const botComments = (repo: SimRepo) =>
  [...repo.comments.values()].filter((c) => c.user.login === "modelgate[bot]");

describe("the hold is modelgate's state; the label mirrors it (SPEC §4.4)", () => {
  it("a label removed by someone without commands.permission is put back, with a reply, and the hold stands", async () => {
    const pr = await openPr("hold-label");
    const { repo, pull } = pr;
    await comment(e2e.sim, repo, "dave", '/hold "risk review of the EU slice"');
    expect(labelsOf(repo)).toEqual([HOLD]);
    const record = checkRunsOf(repo, pull.head.sha).find((r) => r.name === RECORDS_RUN_NAME);
    expect(record?.output.title).toBe("on hold");

    const before = botComments(repo).length;
    await removeLabel(pr, "tom", "unlabel-1");
    expect(labelsOf(repo)).toEqual([HOLD]);
    const replies = botComments(repo).slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body).toContain("removing it does not lift the hold. @tom needs write permission");
    expect(replies[0]?.body).toContain("on hold by @\u2060dave: risk review of the EU slice");
    // The same delivery again: nothing more is written.
    await removeLabel(pr, "tom", "unlabel-1");
    expect(botComments(repo).slice(before)).toHaveLength(1);

    const blocked = await comment(e2e.sim, repo, "alice", "/promote");
    expect(replyTo(repo, blocked.commentId)).toContain("the PR is on hold");
    expect(deploymentsOf(repo)).toEqual([]);
  });

  it("the hold follows the PR to a new head; removing the label there is refused too", async () => {
    const pr = await openPr("hold-push");
    const { repo, pull } = pr;
    await comment(e2e.sim, repo, "dave", "/hold waiting for legal");
    const before = pull.head.sha;
    const sha = repo.pushCommit(1, { "models/fraud/NOTES.md": "retrained\n" });
    const payload = e2e.sim.payloads.pullRequest({ action: "synchronize", number: 1, repo, before });
    expect(await e2e.sim.sendWebhook({ name: "pull_request", payload })).toBe(200);
    expect(checkRunsOf(repo, sha).find((r) => r.name === RECORDS_RUN_NAME)?.output.title).toBe("on hold");
    expect(pull.head.sha).toBe(sha);
    await removeLabel(pr, "tom");
    expect(labelsOf(repo)).toEqual([HOLD]);
    const blocked = await comment(e2e.sim, repo, "alice", "/promote");
    expect(replyTo(repo, blocked.commentId)).toContain("the PR is on hold");
  });

  it("removed by someone with commands.permission, the label releases the hold", async () => {
    const pr = await openPr("hold-released");
    const { repo } = pr;
    await comment(e2e.sim, repo, "dave", "/hold wait");
    const before = botComments(repo).length;
    await removeLabel(pr, "alice");
    expect(labelsOf(repo)).toEqual([]);
    expect(
      botComments(repo)
        .slice(before)
        .filter((c) => !c.body.includes("modelgate:sticky")),
    ).toEqual([]);
    await comment(e2e.sim, repo, "alice", "/promote");
    expect(deploymentsOf(repo)).toHaveLength(1);
  });

  it("a label added by hand holds the PR; removing it again needs nobody's permission", async () => {
    const pr = await openPr("hold-by-hand");
    const { repo } = pr;
    repo.issueLabels.set(1, [HOLD]);
    const blocked = await comment(e2e.sim, repo, "alice", "/promote");
    expect(replyTo(repo, blocked.commentId)).toContain("the PR is on hold");
    await removeLabel(pr, "tom");
    expect(labelsOf(repo)).toEqual([]);
    await comment(e2e.sim, repo, "alice", "/promote");
    expect(deploymentsOf(repo)).toHaveLength(1);
  });
});

describe("every command is answered (SPEC §4.4)", () => {
  it("an internal error says so with 😕: could not run /promote — nothing was deployed", async () => {
    const { repo } = await openPr("answer-error");
    e2e.sim.fail({
      path: /\/collaborators\/alice\/permission$/,
      status: 500,
      times: Number.POSITIVE_INFINITY,
    });
    try {
      const c = await comment(e2e.sim, repo, "alice", "/promote");
      expect(replyTo(repo, c.commentId)).toContain(
        "😕 could not run `/promote`: GitHub answered 500 (Server Error) — nothing was deployed.",
      );
      expect(reactionsOn(repo, c.commentId)).toEqual(["eyes", "confused"]);
      expect(deploymentsOf(repo)).toEqual([]);
    } finally {
      e2e.sim.clearFaults();
    }
  });

  it.each([
    ["names PR 0", 0],
    ["names a PR that does not exist", 99],
    ["names a closed PR", 2],
  ])("a live deployment that %s holds no lock", async (_what, holderPr) => {
    const { repo } = await openPr(`lock-${holderPr}`);
    repo.createBranch("other");
    repo.commit({ "models/fraud/NOTES.md": "x\n" }, "other", "other");
    const other = repo.openPullRequest({ head: "other", user: "bob" });
    repo.setPullState(other.number, "closed");
    const made = createDeployment(repo, {
      ref: "other",
      environment: "fraud-shadow",
      requiredContexts: [],
      creator: { login: "modelgate[bot]", type: "Bot" },
      payload: {
        modelgate: 1,
        model: "fraud",
        version: "0.9.0",
        stage: "shadow",
        traffic: 0,
        pr: holderPr,
        actor: "bob",
        comment_id: 1,
        kind: "promote",
      },
    });
    if (!made.ok) throw new Error(made.message);
    await cdReports(e2e.sim, repo, made.value, "success");
    const c = await comment(e2e.sim, repo, "alice", "/promote shadow");
    expect(reactionsOn(repo, c.commentId)).toEqual(["eyes", "rocket"]);
    expect(deploymentsOf(repo)).toHaveLength(2);
  });

  it("a deployment someone else created with modelgate's payload is no promotion record and no lock", async () => {
    const { repo } = await openPr("lock-forged");
    repo.createBranch("other");
    repo.commit({ "models/fraud/NOTES.md": "x\n" }, "other", "other");
    const other = repo.openPullRequest({ head: "other", user: "bob" });
    const made = createDeployment(repo, {
      ref: "other",
      environment: "fraud-shadow",
      requiredContexts: [],
      creator: { login: "dave", type: "User" },
      payload: {
        modelgate: 1,
        model: "fraud",
        version: "0.9.0",
        stage: "shadow",
        traffic: 0,
        pr: other.number,
        actor: "alice",
        comment_id: 1,
        kind: "promote",
      },
    });
    if (!made.ok) throw new Error(made.message);
    await cdReports(e2e.sim, repo, made.value, "success");
    const c = await comment(e2e.sim, repo, "alice", "/promote shadow");
    expect(reactionsOn(repo, c.commentId)).toEqual(["eyes", "rocket"]);
  });

  it("a writer's deployment claiming this head went live in shadow does not skip the soak", async () => {
    const policy =
      "rollout:\n  auto_rollback: true\n  stages: [{ name: shadow, traffic: 0 }, { name: canary, traffic: 5 }]\n";
    const pr = repoWithPull(e2e.sim, "soak-forged", {
      base: {
        ...README,
        ".github/modelgate.yml": policy,
        ...modelFiles({ name: "fraud", version: "1.0.0", auc: 0.9 }),
      },
      head: {
        ...README,
        ".github/modelgate.yml": policy,
        ...modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 }),
      },
    });
    pr.repo.setPermission("alice", "write", "maintain");
    await sendPullRequest(e2e.sim, pr);
    const { repo, pull } = pr;
    const made = createDeployment(repo, {
      ref: pull.head.sha,
      environment: "fraud-shadow",
      requiredContexts: [],
      creator: { login: "dave", type: "User" },
      payload: {
        modelgate: 1,
        model: "fraud",
        version: "1.0.1",
        stage: "shadow",
        traffic: 0,
        pr: 1,
        actor: "alice",
        comment_id: 1,
        kind: "promote",
      },
    });
    if (!made.ok) throw new Error(made.message);
    await cdReports(e2e.sim, repo, made.value, "success");
    const c = await comment(e2e.sim, repo, "alice", "/promote canary");
    expect(replyTo(repo, c.commentId)).toContain("shadow has no deployment of");
    // The refreshed tracker (deployments re-read after the command) does not count it either.
    expect(trackerOf(repo, "fraud")).toBe("- **fraud** `1.0.1`: shadow ○ → canary ○");
    // Its failure starts no automatic rollback either.
    await cdReports(e2e.sim, repo, made.value, "failure");
    expect(deploymentsOf(repo)).toHaveLength(1);
  });

  it("a comment delivered twice at once is answered once", async () => {
    const { repo } = await openPr("answer-concurrent");
    const refusedComment = repo.addComment(1, "/promote", "mallory");
    const payload = e2e.sim.payloads.issueComment({ action: "created", commentId: refusedComment.id, repo });
    await Promise.all([
      e2e.sim.sendWebhook({ name: "issue_comment", payload, id: "twice-1" }),
      e2e.sim.sendWebhook({ name: "issue_comment", payload, id: "twice-1" }),
    ]);
    const replies = botComments(repo).filter((c) => c.body.includes(`modelgate:reply ${refusedComment.id} `));
    expect(replies).toHaveLength(1);
    expect(reactionsOn(repo, refusedComment.id)).toEqual(["eyes"]);

    const promote = repo.addComment(1, "/promote", "alice");
    const again = e2e.sim.payloads.issueComment({ action: "created", commentId: promote.id, repo });
    await Promise.all([
      e2e.sim.sendWebhook({ name: "issue_comment", payload: again, id: "twice-2" }),
      e2e.sim.sendWebhook({ name: "issue_comment", payload: again, id: "twice-2" }),
    ]);
    expect(deploymentsOf(repo)).toHaveLength(1);
    expect(reactionsOn(repo, promote.id)).toEqual(["eyes", "rocket"]);
  });
});
