import path from "node:path";
import { fileURLToPath } from "node:url";
import { runRolloutStory } from "./demo-rollout.ts";
import { startLocalApp } from "./local/start-local-app.ts";
import { createSimulator } from "./sim/github-simulator.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const DEMO = path.resolve(here, "../fixtures/demo");

/**
 * The App's main job on a bundled example, without a GitHub account: a local GitHub simulator
 * holds fixtures/demo as a repository with an open PR; the real App, unmodified, receives a
 * signed `pull_request.opened` webhook over HTTP and posts its check run and sticky comment.
 */
export async function runDemo(write: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  process.env.LOG_LEVEL ??= "error";
  const sim = await createSimulator();
  const app = await startLocalApp({ apiUrl: sim.apiUrl, logLevel: "error" });
  try {
    sim.configureWebhook(app.webhookUrl, app.secret);
    await sim.loadRepoFromFolders(path.join(DEMO, "base"), path.join(DEMO, "head"));
    sim.reset();
    const status = await sim.sendWebhook({
      name: "pull_request",
      payload: sim.payloads.pullRequest({ action: "opened", number: 1 }),
    });
    const requests = sim.requests;
    const writes = sim.writes();
    const pull = sim.repo.pull(1);
    const checks = [...sim.repo.checkRuns.values()].filter((c) => c.headSha === pull.head.sha);
    const comments = [...sim.repo.comments.values()].filter((c) => c.issueNumber === 1);

    write(`modelgate demo — acme/models PR #1 "${pull.title}" (${path.relative(process.cwd(), DEMO)})\n`);
    write(`webhook pull_request.opened → HTTP ${status}\n\n`);
    for (const c of checks) {
      write(`━━ check run "${c.name}": ${c.conclusion} — ${c.output.title}\n`);
      for (const a of c.output.annotations)
        write(`   ${a.annotation_level.padEnd(7)} ${a.path}:${a.start_line}  ${a.title}\n`);
      write("\n");
    }
    for (const c of comments) write(`━━ sticky comment by @${c.user.login}\n\n${c.body}\n\n`);
    // The App's identity and the installation token are asked once per process, not per event.
    const once = requests.filter((r) => r.path === "/app" || r.path.includes("/access_tokens")).length;
    write(
      `━━ GitHub API: ${requests.length} requests for this event (${writes.length} writes); ${requests.length - once} once the App's identity and token are cached (budget: 6)\n`,
    );
    for (const r of requests) write(`   ${r.method.padEnd(5)} ${r.path.split("?")[0]} → ${r.status}\n`);
    const rolledOut = await runRolloutStory(sim, write);
    return checks.length > 0 && comments.length > 0 && rolledOut ? 0 : 1;
  } finally {
    await app.stop();
    await sim.close();
  }
}
