import { createDeployment } from "./sim/deployment-store.ts";
import type { GitHubSimulator } from "./sim/github-simulator.ts";

const HOUR = 3_600_000;
const CARD = "models/sentiment-bert/model_card.md";
const MODEL = "fraud-detector";

/**
 * The demo's second act (SPEC §4.3): the failing gates are dealt with (a push fixes what a push
 * can fix; a maintainer overrides the judged EU regression with a reason), then fraud-detector
 * goes to shadow, is refused canary before the soak, reaches canary a day later, and is rolled
 * back automatically when the CD reports a failure.
 */
export async function runRolloutStory(sim: GitHubSimulator, write: (s: string) => void): Promise<boolean> {
  const pr = 1;
  sim.setPermission("alice", "write", "maintain");
  seedProductionHistory(sim);
  const step = (title: string) => write(`\n━━ ${title}\n`);

  step("bob pushes a fix for sentiment-bert: version 1.5.0, the limitations section written");
  const card = String(sim.repo.commits.get(sim.repo.pull(pr).head.sha)?.tree.get(CARD) ?? "");
  sim.pushCommit(pr, {
    [CARD]: card
      .replace("version: 1.4.1", "version: 1.5.0")
      .replace(
        "[More Information Needed]",
        "Sarcasm and code-switched tickets are misclassified more often; do not use for moderation decisions.",
      ),
  });
  await sim.sendWebhook({
    name: "pull_request",
    payload: sim.payloads.pullRequest({ action: "synchronize", number: pr }),
  });
  write(`   check: ${checkLine(sim, pr)}\n`);

  await command(
    sim,
    write,
    pr,
    "alice",
    '/override evaluation "re-scored offline, EU drop accepted by risk team"',
  );
  write(`   check: ${checkLine(sim, pr)}\n`);

  await command(sim, write, pr, "alice", `/promote shadow --model ${MODEL}`);
  await cdReports(sim, write, "success");

  await command(sim, write, pr, "alice", `/promote canary --model ${MODEL}`);

  step("25 hours pass (the simulator's clock)");
  sim.advance(25 * HOUR);
  await command(sim, write, pr, "alice", `/promote canary --model ${MODEL}`);
  await cdReports(sim, write, "success");

  sim.advance(2 * HOUR);
  await cdReports(sim, write, "failure");
  const rollback = latestDeployment(sim);
  const rolledBack =
    rollback?.payload !== undefined && JSON.stringify(rollback.payload).includes('"kind":"rollback"');
  if (rolledBack) await cdReports(sim, write, "success");
  step("the sticky comment's rollout tracker");
  write(`${trackerOf(sim, pr)}\n`);
  return rolledBack;
}

/** What production looked like before this PR: 2.2.0 live in every stage, deployed by the CD. */
function seedProductionHistory(sim: GitHubSimulator): void {
  const base = sim.repo.pull(1).base.sha;
  for (const stage of ["shadow", "canary", "production"]) {
    const created = createDeployment(sim.repo, {
      ref: base,
      environment: `${MODEL}-${stage}`,
      description: `${MODEL} 2.2.0`,
      requiredContexts: [],
      productionEnvironment: stage === "production",
      creator: { login: "deployer", type: "User" },
    });
    if (created.ok) sim.addDeploymentStatus(created.value.id, { state: "success" });
  }
  sim.advance(HOUR);
}

async function command(
  sim: GitHubSimulator,
  write: (s: string) => void,
  pr: number,
  login: string,
  body: string,
) {
  write(`\n━━ @${login}: ${body}\n`);
  const before = sim.repo.deployments.size;
  const comment = sim.addComment(pr, body, login);
  const status = await sim.sendWebhook({
    name: "issue_comment",
    payload: sim.payloads.issueComment({ action: "created", commentId: comment.id }),
  });
  const reactions = sim.repo.reactions.filter((r) => r.commentId === comment.id).map((r) => r.content);
  write(`   HTTP ${status} · reactions: ${reactions.join(", ") || "none"}\n`);
  for (const d of [...sim.repo.deployments.values()].slice(before))
    write(`   deployment ${d.id} → ${d.environment} at ${d.sha.slice(0, 7)}\n`);
  const reply = [...sim.repo.comments.values()].find(
    (c) => c.issueNumber === pr && c.body.includes(`<!-- modelgate:reply ${comment.id} `),
  );
  if (reply) write(indent(reply.body.replace(/<!--[\s\S]*?-->\n?/g, "").trim()));
}

async function cdReports(sim: GitHubSimulator, write: (s: string) => void, state: "success" | "failure") {
  const d = latestDeployment(sim);
  if (d === undefined) return;
  const before = sim.repo.deployments.size;
  sim.addDeploymentStatus(d.id, { state, description: state === "failure" ? "error rate 4.1 % > 2 %" : "" });
  await sim.sendWebhook({
    name: "deployment_status",
    payload: sim.payloads.deploymentStatus({ deploymentId: d.id }),
  });
  write(`\n━━ CD reports ${state} for deployment ${d.id} (${d.environment})\n`);
  for (const n of [...sim.repo.deployments.values()].slice(before))
    write(`   modelgate created deployment ${n.id} → ${n.environment} at ${n.sha.slice(0, 7)} (rollback)\n`);
  write(
    `   tracker: ${
      trackerOf(sim, 1)
        .split("\n")
        .find((l) => l.includes(MODEL)) ?? "—"
    }\n`,
  );
}

const latestDeployment = (sim: GitHubSimulator) => [...sim.repo.deployments.values()].at(-1);

function checkLine(sim: GitHubSimulator, pr: number): string {
  const head = sim.repo.pull(pr).head.sha;
  const run = [...sim.repo.checkRuns.values()].filter((c) => c.headSha === head).at(-1);
  return run ? `${run.conclusion} — ${run.output.title}` : "none";
}

function trackerOf(sim: GitHubSimulator, pr: number): string {
  const sticky = [...sim.repo.comments.values()].find(
    (c) => c.issueNumber === pr && c.body.includes("<!-- modelgate:sticky -->"),
  );
  const body = sticky?.body ?? "";
  const start = body.indexOf("#### Rollout");
  return start < 0 ? "(no tracker)" : body.slice(start, body.indexOf("<!-- /modelgate:rollout -->")).trim();
}

const indent = (s: string) => `${s.replace(/^/gm, "   ")}\n`;
