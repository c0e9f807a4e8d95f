import { startLocalApp } from "../src/local/start-local-app.ts";
import { createSimulator, type GitHubSimulator } from "../src/sim/github-simulator.ts";
import type { LoggedRequest } from "../src/sim/request-log.ts";
import { BenchRepo } from "./bench-repo.ts";
import { beforeFirstWrite, countRoundTrips } from "./round-trips.ts";

export interface ApiRow {
  models: number;
  files: number;
  requests: number;
  writes: number;
  round_trips_before_first_write: number;
  /** Every request, `METHOD /path`, so that a regression shows what was added. */
  log: string[];
}

export interface ApiResult {
  /** Steady state: installation token and App identity already cached by a warm-up event. */
  api: ApiRow[];
  /** The first event a freshly started App receives (mints a token, asks for its identity). */
  cold: ApiRow;
  redelivery: { requests: number; writes: number };
}

/** Each simulated request waits this long, like a network round trip, so that overlap is visible. */
const LATENCY_MS = 20;

/** The PRs measured: changed models and extra files (the 250-file PR pads 50 models with notes). */
export const API_SCENARIOS = [
  { models: 1, extraFiles: 0 },
  { models: 10, extraFiles: 0 },
  { models: 50, extraFiles: 0 },
  { models: 50, extraFiles: 150 },
] as const;

/**
 * The real App, unmodified, in Probot's server, against the simulator: one signed
 * `pull_request.synchronize` per scenario, counting what the simulator was asked.
 */
export async function benchApi(): Promise<ApiResult> {
  process.env.LOG_LEVEL ??= "fatal";
  const sim = await createSimulator();
  const app = await startLocalApp({ apiUrl: sim.apiUrl, logLevel: "fatal" });
  try {
    sim.configureWebhook(app.webhookUrl, app.secret);
    sim.fail({ path: /./, delayMs: LATENCY_MS, times: Number.POSITIVE_INFINITY });
    const repo = new BenchRepo(sim, 60);

    const warmUp = repo.openRetrainPr(1);
    const cold = await measure(sim, 1, warmUp.files, warmUp.number);

    const api: ApiRow[] = [];
    for (const s of API_SCENARIOS) {
      const pr = repo.openRetrainPr(s.models, s.extraFiles);
      api.push(await measure(sim, s.models, pr.files, pr.number));
    }

    // The same delivery again (same id, same payload): the App must find nothing to change.
    const pr = repo.openRetrainPr(10);
    const id = "bench-redelivery";
    const payload = sim.payloads.pullRequest({ action: "synchronize", number: pr.number });
    await deliver(sim, payload, id);
    sim.reset();
    await deliver(sim, payload, id);
    const redelivery = { requests: sim.requests.length, writes: sim.writes().length };
    return { api, cold, redelivery };
  } finally {
    sim.clearFaults();
    await app.stop();
    await sim.close();
  }
}

async function measure(sim: GitHubSimulator, models: number, files: number, pr: number): Promise<ApiRow> {
  sim.reset();
  await deliver(sim, sim.payloads.pullRequest({ action: "synchronize", number: pr }));
  const requests = [...sim.requests];
  const writes = sim.writes();
  if (writes.length === 0) throw new Error(`PR #${pr}: the App wrote nothing`);
  return {
    models,
    files,
    requests: requests.length,
    writes: writes.length,
    round_trips_before_first_write: countRoundTrips(beforeFirstWrite(requests, writes)),
    log: requests.map(describe),
  };
}

async function deliver(sim: GitHubSimulator, payload: unknown, id?: string): Promise<void> {
  const status = await sim.sendWebhook({
    name: "pull_request",
    payload,
    ...(id === undefined ? {} : { id }),
  });
  if (status >= 300) throw new Error(`the App answered the webhook with HTTP ${status}`);
}

function describe(r: LoggedRequest): string {
  return `${r.method} ${r.path.split("?")[0]}`;
}
