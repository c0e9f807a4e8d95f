import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDeployment } from "../../src/sim/deployment-store.ts";
import { modelFiles } from "../fixtures/model-repo.ts";
import {
  checkRunsOf,
  type E2E,
  type RepoWithPull,
  sendPullRequest,
  startE2E,
  writeLines,
} from "./harness.ts";
import {
  cdReports,
  comment,
  deploymentsOf,
  FRAUD_BASE,
  FRAUD_HEAD,
  HOUR,
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

const base = FRAUD_BASE;
const head = FRAUD_HEAD;

const openPr = (prefix: string, policy = "", files = { base, head }) =>
  openRolloutPr(e2e.sim, prefix, {
    policy,
    files,
    people: { alice: ["write", "maintain"], dave: ["write"] },
  });

const appReplies = (repo: RepoWithPull["repo"]) =>
  [...repo.comments.values()].filter(
    (c) => c.user.type === "Bot" && !c.body.includes("<!-- modelgate:sticky -->"),
  );

describe("acceptance: commands", () => {
  it("quoted lines and code blocks never run; a bot's command is ignored", async () => {
    const { repo } = await openPr("quoted");
    const quoted = await comment(e2e.sim, repo, "alice", "> /promote\n\n```\n/promote\n```\n    /promote");
    expect(reactionsOn(repo, quoted.commentId)).toEqual([]);
    const bot = repo.addComment(1, "/promote", { login: "ci-bot[bot]", type: "Bot" });
    await e2e.sim.sendWebhook({
      name: "issue_comment",
      payload: e2e.sim.payloads.issueComment({ action: "created", commentId: bot.id, repo }),
    });
    expect(reactionsOn(repo, bot.id)).toEqual([]);
    expect(deploymentsOf(repo)).toEqual([]);
  });

  it("with a prefix, only prefixed commands run and an unknown one is answered", async () => {
    const { repo } = await openPr("prefix", 'commands: { prefix: "mg" }\n');
    const plain = await comment(e2e.sim, repo, "alice", "/promote");
    expect(reactionsOn(repo, plain.commentId)).toEqual([]);
    const unknown = await comment(e2e.sim, repo, "alice", "mg/deploy");
    expect(replyTo(repo, unknown.commentId)).toContain("`mg/deploy` is not a command");
    const ok = await comment(e2e.sim, repo, "alice", "mg/promote");
    expect(reactionsOn(repo, ok.commentId)).toEqual(["eyes", "rocket"]);
    expect(deploymentsOf(repo)).toHaveLength(1);
    expect(trackerOf(repo, "fraud")).toContain("shadow 🔄 deploying");
    const sticky = [...repo.comments.values()].find((c) => c.body.includes("<!-- modelgate:sticky -->"));
    expect(sticky?.body).toContain("`mg/help`");
  });

  it("--model is needed with several models only", async () => {
    const two = {
      base: { ...base, ...modelFiles({ name: "churn", version: "2.0.0", auc: 0.8 }) },
      head: { ...head, ...modelFiles({ name: "churn", version: "2.1.0", auc: 0.81 }) },
    };
    const { repo } = await openPr("several", "", two);
    const bare = await comment(e2e.sim, repo, "alice", "/promote");
    expect(replyTo(repo, bare.commentId)).toContain("add `--model NAME`");
    await comment(e2e.sim, repo, "alice", "/promote shadow --model churn");
    expect(deploymentsOf(repo).map((d) => d.environment)).toEqual(["churn-shadow"]);
    expect(trackerOf(repo, "churn")).toContain("shadow 🔄 deploying");
    const sticky = [...repo.comments.values()].find((c) => c.body.includes("<!-- modelgate:sticky -->"));
    expect(sticky?.body).toContain("Next: waiting for the shadow deployment");
    expect(sticky?.body).toContain("`/promote shadow --model fraud`");
  });

  it("permission from role_name: triage may hold when the policy says triage; team approvers", async () => {
    const policy =
      "commands: { permission: triage }\nrollout:\n  stages: [{ name: shadow, traffic: 0, approvers: ['@acme/ml-leads', 'zoe'] }]\n";
    const { repo } = await openPr("perm", policy);
    repo.setPermission("tina", "read", "triage");
    repo.setPermission("rita", "read");
    const held = await comment(e2e.sim, repo, "tina", "/hold wait");
    expect(reactionsOn(repo, held.commentId)).toEqual(["eyes", "rocket"]);
    const no = await comment(e2e.sim, repo, "rita", "/unhold");
    expect(replyTo(repo, no.commentId)).toContain("@rita needs triage permission");
    await comment(e2e.sim, repo, "tina", "/unhold");
    const denied = await comment(e2e.sim, repo, "dave", "/promote");
    expect(replyTo(repo, denied.commentId)).toContain("shadow is promoted only by its approvers");
    e2e.sim.addTeamMember("acme/ml-leads", "dave");
    await comment(e2e.sim, repo, "dave", "/promote");
    expect(deploymentsOf(repo)).toHaveLength(1);
  });

  it("/promote lists every unmet condition at once", async () => {
    const policy = [
      "gates:",
      "  evaluation:",
      "    metrics: [{ name: auc, direction: higher, min: 0.95 }]",
      "rollout:",
      "  stages:",
      "    - { name: shadow, traffic: 0 }",
      "    - { name: canary, traffic: 5, soak: 1h, require_checks: [ci/test] }",
      "",
    ].join("\n");
    const { repo, pull } = await openPr("unmet", policy);
    // Another open PR holds fraud-canary.
    repo.createBranch("other");
    repo.commit({ "models/fraud/NOTES.md": "x\n" }, "other", "other");
    const other = repo.openPullRequest({ head: "other", user: "bob" });
    const held = createDeployment(repo, {
      ref: "other",
      environment: "fraud-canary",
      requiredContexts: [],
      creator: { login: "modelgate[bot]", type: "Bot" },
      payload: {
        modelgate: 1,
        model: "fraud",
        version: "1.0.2",
        stage: "canary",
        traffic: 5,
        pr: other.number,
        actor: "bob",
        comment_id: 1,
        kind: "promote",
      },
    });
    if (!held.ok) throw new Error(held.message);
    await cdReports(e2e.sim, repo, held.value, "success");
    await comment(e2e.sim, repo, "alice", "/hold risk review");
    repo.setPullState(pull.number, "closed");
    const c = await comment(e2e.sim, repo, "alice", "/promote canary");
    const reply = replyTo(repo, c.commentId) ?? "";
    expect(reply).toContain("6 conditions unmet");
    expect(reply).toContain("the PR is closed");
    expect(reply).toContain("the modelgate check is `failure`");
    expect(reply).toContain("shadow has no deployment");
    expect(reply).toContain("`ci/test` has not run");
    expect(reply).toContain("the PR is on hold");
    expect(reply).toContain(`is held by #${other.number}`);
  });

  it("/override needs a reason and overrides.permission; /help and /status answer anyone", async () => {
    const { repo } = await openPr("override-perm");
    const noReason = await comment(e2e.sim, repo, "alice", "/override evaluation");
    expect(replyTo(repo, noReason.commentId)).toContain("needs a reason");
    const write = await comment(e2e.sim, repo, "dave", "/override evaluation because");
    expect(replyTo(repo, write.commentId)).toContain("@dave needs maintain permission");
    const help = await comment(e2e.sim, repo, "mallory", "/help");
    expect(replyTo(repo, help.commentId)).toContain("| `/promote [stage] [--model NAME]` |");
    const status = await comment(e2e.sim, repo, "mallory", "/status");
    expect(reactionsOn(repo, status.commentId)).toEqual(["eyes", "rocket"]);
    expect(replyTo(repo, status.commentId)).toBeNull();
  });

  it("a redelivered refused command is answered once", async () => {
    const { repo } = await openPr("refuse-once");
    const c = repo.addComment(1, "/promote production", "mallory");
    const payload = e2e.sim.payloads.issueComment({ action: "created", commentId: c.id, repo });
    await e2e.sim.sendWebhook({ name: "issue_comment", payload, id: "d-1" });
    await e2e.sim.sendWebhook({ name: "issue_comment", payload, id: "d-1" });
    expect(appReplies(repo)).toHaveLength(1);
  });

  it("/rollback returns to the previous successful deployment; a redelivered status writes nothing", async () => {
    const { repo, pull } = await openPr("rollback");
    const before = createDeployment(repo, {
      ref: pull.base.sha,
      environment: "fraud-shadow",
      requiredContexts: [],
      creator: { login: "deployer", type: "User" },
    });
    if (!before.ok) throw new Error(before.message);
    await cdReports(e2e.sim, repo, before.value, "success");
    await comment(e2e.sim, repo, "alice", "/promote");
    const mine = deploymentsOf(repo).at(-1);
    await cdReports(e2e.sim, repo, mine, "success");
    e2e.sim.advance(HOUR);
    const rb = await comment(e2e.sim, repo, "dave", "/rollback");
    const back = deploymentsOf(repo).at(-1);
    expect(back).toMatchObject({
      environment: "fraud-shadow",
      sha: pull.base.sha,
      productionEnvironment: false,
    });
    expect(back?.payload).toMatchObject({ kind: "rollback", actor: "dave", comment_id: rb.commentId });
    expect(trackerOf(repo, "fraud")).toContain("shadow ↩️ rolled back");

    await cdReports(e2e.sim, repo, back, "success");
    const writes = e2e.sim.writes().length;
    await e2e.sim.sendWebhook({
      name: "deployment_status",
      payload: e2e.sim.payloads.deploymentStatus({ deploymentId: back?.id ?? 0, repo }),
    });
    expect(writeLines(e2e.sim).slice(writes)).toEqual([]);
  });

  it("auto_rollback that cannot roll back says so once, even when the status is redelivered", async () => {
    const policy = "rollout:\n  auto_rollback: true\n";
    const { repo } = await openPr("auto-once", policy);
    await comment(e2e.sim, repo, "alice", "/promote");
    const shadow = deploymentsOf(repo).at(-1);
    await cdReports(e2e.sim, repo, shadow, "failure");
    expect(appReplies(repo).filter((c) => c.body.includes("auto_rollback"))).toHaveLength(1);
    const writes = e2e.sim.writes().length;
    await e2e.sim.sendWebhook({
      name: "deployment_status",
      payload: e2e.sim.payloads.deploymentStatus({ deploymentId: shadow?.id ?? 0, repo }),
    });
    expect(writeLines(e2e.sim).slice(writes)).toEqual([]);
  });

  it("check run title and summary", async () => {
    const { repo, pull } = await openPr("summary");
    const run = checkRunsOf(repo, pull.head.sha).at(-1);
    expect(run?.output.title).toBe("1 model · 0 errors · 0 warnings");
    expect(run?.output.summary).toContain("| gate | result | findings |");
    expect(run?.output.summary).toContain("| metric | base | head | Δ | status |");
    const sticky = [...repo.comments.values()].find((c) => c.body.includes("<!-- modelgate:sticky -->"));
    expect(sticky?.body).toContain("`1.0.0` → `1.0.1`");
    expect(sticky?.body).toContain("Next: `/promote shadow`");
  });
});

describe("acceptance: redelivery and locks", () => {
  it("a redelivered pull_request with a live tracker writes nothing", async () => {
    const pr = await openPr("live-redelivery");
    await comment(e2e.sim, pr.repo, "alice", "/promote");
    await cdReports(e2e.sim, pr.repo, deploymentsOf(pr.repo).at(-1), "success");
    await sendPullRequest(e2e.sim, pr, "reopened", "live-redelivery-1");
    const writes = e2e.sim.writes().length;
    await sendPullRequest(e2e.sim, pr, "reopened", "live-redelivery-1");
    expect(writeLines(e2e.sim).slice(writes)).toEqual([]);
  });

  it("another open PR's live deployment locks the stage until that PR is closed", async () => {
    const { repo } = await openPr("lock-release");
    repo.createBranch("other");
    repo.commit({ "models/fraud/NOTES.md": "x\n" }, "other", "other");
    const other = repo.openPullRequest({ head: "other", user: "bob" });
    const held = createDeployment(repo, {
      ref: "other",
      environment: "fraud-shadow",
      requiredContexts: [],
      creator: { login: "modelgate[bot]", type: "Bot" },
      payload: {
        modelgate: 1,
        model: "fraud",
        version: "1.0.2",
        stage: "shadow",
        traffic: 0,
        pr: other.number,
        actor: "bob",
        comment_id: 1,
        kind: "promote",
      },
    });
    if (!held.ok) throw new Error(held.message);
    await cdReports(e2e.sim, repo, held.value, "success");
    const locked = await comment(e2e.sim, repo, "alice", "/promote");
    expect(replyTo(repo, locked.commentId)).toContain(`\`fraud-shadow\` is held by #${other.number}`);
    repo.setPullState(other.number, "closed");
    await comment(e2e.sim, repo, "alice", "/promote");
    expect(deploymentsOf(repo)).toHaveLength(2);
  });
});

describe("acceptance: rollback and promotion", () => {
  it("/promote refuses a stage whose previous stage was rolled back, before the rollback reports", async () => {
    const { repo, pull } = await openPr("x5");
    const before = createDeployment(repo, {
      ref: pull.base.sha,
      environment: "fraud-shadow",
      requiredContexts: [],
      creator: { login: "deployer", type: "User" },
    });
    if (!before.ok) throw new Error(before.message);
    await cdReports(e2e.sim, repo, before.value, "success");
    await comment(e2e.sim, repo, "alice", "/promote");
    await cdReports(e2e.sim, repo, deploymentsOf(repo).at(-1), "success");
    e2e.sim.advance(25 * HOUR);
    await comment(e2e.sim, repo, "alice", "/rollback shadow");
    // The rollback has not reported yet: shadow no longer runs the head all the same.
    const c = await comment(e2e.sim, repo, "alice", "/promote canary");
    expect(replyTo(repo, c.commentId)).toContain("shadow was rolled back from");
    expect(deploymentsOf(repo).map((d) => d.environment)).not.toContain("fraud-canary");
  });
});

describe("acceptance: commands run in order", () => {
  it("an /override counts for a /promote later in the same comment", async () => {
    // auc below a policy minimum: the evaluation gate fails until overridden.
    const policy = "gates:\n  evaluation:\n    metrics: [{ name: auc, direction: higher, min: 0.95 }]\n";
    const { repo } = await openPr("override-then-promote", policy);
    expect(checkRunsOf(repo).at(-1)?.conclusion).toBe("failure");
    const both = await comment(
      e2e.sim,
      repo,
      "alice",
      '/override evaluation "below min on the old holdout; accepted by the risk team"\n/promote shadow',
    );
    expect(reactionsOn(repo, both.commentId)).toEqual(["eyes", "rocket"]);
    expect(deploymentsOf(repo).map((d) => d.environment)).toEqual(["fraud-shadow"]);
    expect(checkRunsOf(repo).at(-1)?.conclusion).toBe("success");
  });
});
