import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalApp, startLocalApp } from "../../src/local/start-local-app.ts";
import { createSimulator, type GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, type RepoWithPull, repoWithPull } from "./harness.ts";
import { deleteKeys, REDIS_URL, redisReachable, skipNote } from "./redis-harness.ts";

const reachable = await redisReachable(REDIS_URL);
if (!reachable) console.warn(skipNote("queue-replicas"));

const REPLICA = fileURLToPath(new URL("./queue-replica.ts", import.meta.url));
const PREFIX = `modelgate-test-${randomUUID()}`;
const SECRET = "modelgate-local-secret";
const PRS = 12;

interface Replica {
  child: ChildProcess;
  webhookUrl: string;
  /** Jobs its workers started, as it reported them. */
  active: string[];
}

/** The replica that will be killed: a process of its own, so that SIGKILL stops it mid-job. */
async function spawnReplica(apiUrl: string): Promise<Replica> {
  const child = spawn(process.execPath, ["--import", "tsx", REPLICA, apiUrl, REDIS_URL, PREFIX], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const active: string[] = [];
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the replica exited (${code}) before it listened`)));
    lines.on("line", (line) => {
      const message = JSON.parse(line) as { webhookUrl?: string; active?: string };
      if (message.active) active.push(message.active);
      if (message.webhookUrl) resolve({ child, webhookUrl: message.webhookUrl, active });
    });
  });
}

async function until(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  for (let waited = 0; !condition(); waited += 100) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.skipIf(!reachable)("the durable queue with two replicas on one Redis (SPEC §4.6)", () => {
  let sim: GitHubSimulator;
  let survivor: LocalApp;
  let doomed: Replica;

  beforeAll(async () => {
    sim = await createSimulator();
    const queue = { redisUrl: REDIS_URL, prefix: PREFIX, lockMs: 2000, concurrency: 4 };
    [survivor, doomed] = await Promise.all([
      startLocalApp({
        apiUrl: sim.apiUrl,
        logLevel: "fatal",
        serve: { redisUrl: REDIS_URL, recover: null, queue },
      }),
      spawnReplica(sim.apiUrl),
    ]);
  }, 60_000);
  afterAll(async () => {
    doomed?.child.kill("SIGKILL");
    await survivor?.stop();
    await sim?.close();
    await deleteKeys(REDIS_URL, PREFIX);
  });

  it("one replica killed mid-burst: every PR head still gets exactly one check", async () => {
    const base = { ...README, ...modelFiles({ name: "fraud", version: "1.0.0", auc: 0.9 }) };
    const head = { ...README, ...modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 }) };
    const prs: RepoWithPull[] = Array.from({ length: PRS }, () => repoWithPull(sim, "queue", { base, head }));
    // Slow reads, so that the killed replica has jobs in flight when it dies.
    sim.fail({ path: "/graphql", delayMs: 400, times: Number.POSITIVE_INFINITY });

    const deliver = (pr: RepoWithPull, url: string) => {
      const opened = sim.payloads.pullRequest({ action: "opened", number: 1, repo: pr.repo });
      const suite = sim.payloads.checkSuite({ action: "requested", sha: pr.pull.head.sha, repo: pr.repo });
      // GitHub sends both for a new PR head: one job between them.
      return Promise.all([
        sim.sendWebhook({ name: "pull_request", payload: opened, url, secret: SECRET }),
        sim.sendWebhook({ name: "check_suite", payload: suite, url, secret: SECRET }),
      ]);
    };
    const statuses = await Promise.all(
      prs.map((pr, i) => deliver(pr, i % 2 === 0 ? doomed.webhookUrl : survivor.webhookUrl)),
    );
    // 202 once in Redis (SPEC §4.6), long before any evaluation is done.
    expect(statuses.flat()).toEqual(Array(2 * PRS).fill(202));
    expect(prs.every((pr) => checkRunsOf(pr.repo).length === 0)).toBe(true);

    const survivorStarted: string[] = [];
    survivor.served?.queue?.onActive((job) => survivorStarted.push(job));
    await until(() => doomed.active.length > 0, "the doomed replica to start a job");
    doomed.child.kill("SIGKILL");
    const inFlight = [...doomed.active];

    await until(() => prs.every((pr) => checkRunsOf(pr.repo).length > 0), "a check on every PR head");
    // Let anything still running (a job handed over twice) finish, then count.
    for (let i = 0; i < 100 && (await survivor.served?.queue?.counts())?.active !== 0; i++) await sleep(100);
    // The jobs the dead replica had started were handed to the survivor when their locks lapsed.
    expect(inFlight.filter((job) => survivorStarted.includes(job))).not.toEqual([]);
    expect(prs.map((pr) => checkRunsOf(pr.repo, pr.pull.head.sha).length)).toEqual(Array(PRS).fill(1));
    const counts = await survivor.served?.queue?.counts();
    expect(counts).toMatchObject({ waiting: 0, active: 0, failed: 0 });
  }, 120_000);
});
