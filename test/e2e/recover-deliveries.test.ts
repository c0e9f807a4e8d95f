import { afterEach, describe, expect, it } from "vitest";
import { freePort, type LocalApp, startLocalApp } from "../../src/local/start-local-app.ts";
import { createSimulator, type GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, commentsOf, type RepoWithPull, repoWithPull, sendPullRequest } from "./harness.ts";
import { deploymentsOf } from "./rollout-harness.ts";

const SECRET = "modelgate-local-secret";

let sim: GitHubSimulator;
const apps: LocalApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  await sim.close();
});

/** GitHub is configured with the App's URL; nothing listens there until the App starts. */
async function appDown(): Promise<{ port: number }> {
  sim = await createSimulator();
  const port = await freePort();
  sim.configureWebhook(`http://127.0.0.1:${port}/api/github/webhooks`, SECRET);
  return { port };
}

async function startApp(port: number): Promise<LocalApp> {
  const app = await startLocalApp({ apiUrl: sim.apiUrl, port, logLevel: "fatal" });
  apps.push(app);
  return app;
}

function openPull(): RepoWithPull {
  const base = { ...README, ...modelFiles({ name: "fraud", version: "1.0.0", auc: 0.9 }) };
  const head = { ...README, ...modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 }) };
  const pr = repoWithPull(sim, "recover", { base, head });
  pr.repo.setPermission("alice", "write", "maintain");
  return pr;
}

/** `[guid, status_code, redelivery]` of every attempt, oldest first. */
const attempts = () => sim.state.hookDeliveries.all.map((d) => [d.event, d.statusCode, d.redelivery]);

const stickies = (pr: RepoWithPull) =>
  commentsOf(pr.repo).filter((c) => c.user.type === "Bot" && c.body.includes("<!-- modelgate:sticky -->"));

describe("missed webhook deliveries are recovered (SPEC §4.6)", () => {
  it("an App started after missing `opened` and a `/promote` catches up with each exactly once", async () => {
    const { port } = await appDown();
    const pr = openPull();
    await expect(sendPullRequest(sim, pr)).rejects.toThrow();
    const promote = pr.repo.addComment(1, "/promote shadow", "alice");
    const payload = sim.payloads.issueComment({ action: "created", commentId: promote.id, repo: pr.repo });
    await expect(sim.sendWebhook({ name: "issue_comment", payload })).rejects.toThrow();
    expect(checkRunsOf(pr.repo)).toEqual([]);

    const app = await startApp(port);

    expect(checkRunsOf(pr.repo, pr.pull.head.sha).map((c) => c.conclusion)).toEqual(["success"]);
    expect(stickies(pr)).toHaveLength(1);
    expect(deploymentsOf(pr.repo).map((d) => [d.environment, d.sha])).toEqual([
      ["fraud-shadow", pr.pull.head.sha],
    ]);
    expect(attempts()).toEqual([
      ["pull_request", 0, false],
      ["issue_comment", 0, false],
      ["pull_request", 200, true],
      ["issue_comment", 200, true],
    ]);
    const metric = await app.served?.metrics.registry
      .getSingleMetric("modelgate_deliveries_recovered_total")
      ?.get();
    expect(metric?.values.map((v) => [v.labels.event, v.value])).toEqual([
      ["pull_request", 1],
      ["issue_comment", 1],
    ]);

    // The next sweep, and a restarted App that remembers nothing, redeliver neither again.
    const again = await app.served?.recovery?.sweepNow();
    expect(again?.redelivered).toEqual([]);
    await app.stop();
    apps.splice(0);
    const restarted = await startApp(port);
    expect(await restarted.served?.recovery?.firstSweep).toMatchObject({ redelivered: [], scanned: 4 });
    expect(attempts()).toHaveLength(4);
    expect(deploymentsOf(pr.repo)).toHaveLength(1);
    expect(checkRunsOf(pr.repo)).toHaveLength(1);
  });

  it("an event the App answered with 502 is redelivered; one it handled is not", async () => {
    const { port } = await appDown();
    const app = await startApp(port);
    const failed = openPull();
    // The App cannot learn its own identity: the handler throws and Probot answers with that status.
    sim.fail({ method: "GET", path: "/app", status: 502 });
    expect(await sendPullRequest(sim, failed)).toBe(502);
    const handled = openPull();
    expect(await sendPullRequest(sim, handled)).toBe(200);
    expect(checkRunsOf(failed.repo)).toEqual([]);

    const result = await app.served?.recovery?.sweepNow();
    expect(result?.redelivered.map((r) => r.event)).toEqual(["pull_request"]);
    expect(result?.confirmed).toBe(1);
    expect(checkRunsOf(failed.repo, failed.pull.head.sha)).toHaveLength(1);
    expect(checkRunsOf(handled.repo)).toHaveLength(1);
    expect(attempts()).toEqual([
      ["pull_request", 502, false],
      ["pull_request", 200, false],
      ["pull_request", 200, true],
    ]);
  });
});
