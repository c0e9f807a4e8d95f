import { Writable } from "node:stream";
import { pino } from "pino";
import { type LocalApp, startLocalApp } from "../../src/local/start-local-app.ts";
import {
  createSimulator,
  type GitHubSimulator,
  type SimulatorOptions,
} from "../../src/sim/github-simulator.ts";
import type { SimRepo } from "../../src/sim/sim-repo.ts";
import type { CheckRun, IssueComment, PullRequest } from "../../src/sim/sim-types.ts";
import type { Files } from "../fixtures/model-repo.ts";

export interface LogLine {
  level: number;
  msg: string;
  delivery?: string;
  err?: { message?: string; status?: number };
  [key: string]: unknown;
}

export interface E2E {
  sim: GitHubSimulator;
  app: LocalApp;
  /** Everything the App logged, parsed. */
  logs: LogLine[];
  close(): Promise<void>;
}

/**
 * One simulator and one real App per test file (starting them is the slow part); each test
 * works in a repository of its own, so tests do not see each other's PRs or policies.
 */
export async function startE2E(opts: { retries?: boolean; sim?: SimulatorOptions } = {}): Promise<E2E> {
  const sim = await createSimulator(opts.sim);
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const log = pino({ level: "info" }, sink);
  const app = await startLocalApp({ apiUrl: sim.apiUrl, log, retries: opts.retries ?? false });
  sim.configureWebhook(app.webhookUrl, app.secret);
  return {
    sim,
    app,
    logs,
    async close() {
      await app.stop();
      await sim.close();
    },
  };
}

export interface RepoWithPull {
  repo: SimRepo;
  pull: PullRequest;
}

let repoCount = 0;

/** A fresh repository `acme/<prefix>-N` whose default branch holds `base` and PR #1 brings `head`. */
export function repoWithPull(
  sim: GitHubSimulator,
  prefix: string,
  trees: { base: Files; head: Files; fork?: boolean },
): RepoWithPull {
  const repo = sim.state.addRepo({ owner: "acme", name: `${prefix}-${++repoCount}` });
  repo.commit(trees.base, repo.defaultBranch, "base");
  repo.createBranch("update");
  repo.commit(trees.head, "update", "head");
  const pull = repo.openPullRequest({ head: "update", user: "alice", fork: trees.fork ?? false });
  return { repo, pull };
}

export function sendPullRequest(
  sim: GitHubSimulator,
  { repo, pull }: RepoWithPull,
  action = "opened",
  id?: string,
): Promise<number> {
  const payload = sim.payloads.pullRequest({ action, number: pull.number, repo });
  return sim.sendWebhook({ name: "pull_request", payload, ...(id ? { id } : {}) });
}

export const checkRunsOf = (repo: SimRepo, sha?: string): CheckRun[] =>
  [...repo.checkRuns.values()].filter((c) => sha === undefined || c.headSha === sha);

export const commentsOf = (repo: SimRepo): IssueComment[] => [...repo.comments.values()];

/** `METHOD /path` without the query, for the requests that touched `repo` (and the App's own). */
export function requestLines(sim: GitHubSimulator): string[] {
  return sim.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`);
}

export function writeLines(sim: GitHubSimulator): string[] {
  return sim.writes().map((r) => `${r.method} ${r.path.split("?")[0]}`);
}

/** The GraphQL requests of the log: operation name (`modelgateOpen`, `modelgateRead`, …) and variables. */
export function graphqlOps(
  sim: GitHubSimulator,
): Array<{ name: string; variables: Record<string, unknown> }> {
  return sim.requests
    .filter((r) => r.path === "/graphql")
    .map((r) => {
      const body = r.body as { query?: string; variables?: Record<string, unknown> };
      return { name: /^\s*query\s+(\w+)/.exec(body.query ?? "")?.[1] ?? "", variables: body.variables ?? {} };
    });
}
