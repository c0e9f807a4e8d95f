import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Files, models, README } from "../fixtures/model-repo.ts";
import { checkRunsOf, type E2E, repoWithPull, requestLines, sendPullRequest, startE2E } from "./harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
  // Warm-up: the first event also mints the installation token and asks who the App is; both
  // are cached for the process, so they are not what one more PR costs.
  const warm = repoWithPull(e2e.sim, "warm-up", {
    base: README,
    head: { ...README, "notes.txt": "x\n" },
  });
  await sendPullRequest(e2e.sim, warm);
});
afterAll(() => e2e.close());

const POLICY = { ".github/modelgate.yml": "version: 1\nchecks: { name: modelgate }\n" };

/**
 * Sequential round trips before the first write: a request that starts after the earliest
 * end of the current wave had to wait for it, so it opens the next wave.
 */
function roundTripsBeforeFirstWrite(): number {
  const firstWrite = e2e.sim.writes()[0];
  const reads = e2e.sim.requests
    .filter((r) => firstWrite === undefined || r.startedAt < firstWrite.startedAt)
    .sort((a, b) => a.startedAt - b.startedAt);
  let waves = 0;
  let frontier = Number.NEGATIVE_INFINITY;
  for (const r of reads) {
    if (r.startedAt >= frontier) {
      waves++;
      frontier = r.endedAt;
    } else frontier = Math.min(frontier, r.endedAt);
  }
  return waves;
}

/** Requests the App makes for one `pull_request.opened` on a PR releasing `count` models. */
async function requestsFor(count: number, base: Files): Promise<string[]> {
  const pr = repoWithPull(e2e.sim, `budget-${count}`, {
    base: { ...base, ...models(count, { version: "1.0.0", auc: 0.9 }) },
    head: { ...base, ...models(count, { version: "1.1.0", auc: 0.91 }) },
  });
  e2e.sim.reset();
  await sendPullRequest(e2e.sim, pr);
  expect(checkRunsOf(pr.repo).map((r) => r.conclusion)).toEqual(["success"]);
  return requestLines(e2e.sim).map((l) => l.replace(pr.repo.fullName, "OWNER/REPO"));
}

// SPEC §6: at most 6 requests per event, the same for 1 or 10 models (contents are batched).
describe("API budget of one pull_request event", () => {
  it("with a policy in the repository: 5 requests, the same for 1 and 10 models", async () => {
    const one = await requestsFor(1, { ...README, ...POLICY });
    const ten = await requestsFor(10, { ...README, ...POLICY });
    // The listing and the policy are read in parallel: their order in the log may vary.
    expect([...one].sort()).toEqual([
      "GET /repos/OWNER/REPO/contents/.github/modelgate.yml",
      "GET /repos/OWNER/REPO/pulls/1/files",
      "POST /graphql",
      "POST /repos/OWNER/REPO/check-runs",
      "POST /repos/OWNER/REPO/issues/1/comments",
    ]);
    expect([...ten].sort()).toEqual([...one].sort());
  });

  it("without a policy (defaults, after a look in the org's .github repo): 6 requests for 1 and 10", async () => {
    const one = await requestsFor(1, README);
    const ten = await requestsFor(10, README);
    expect([...one].sort()).toEqual([
      "GET /repos/OWNER/REPO/contents/.github/modelgate.yml",
      "GET /repos/OWNER/REPO/pulls/1/files",
      "GET /repos/acme/.github/contents/.github/modelgate.yml",
      "POST /graphql",
      "POST /repos/OWNER/REPO/check-runs",
      "POST /repos/OWNER/REPO/issues/1/comments",
    ]);
    expect([...ten].sort()).toEqual([...one].sort());
  });

  // With loopback's sub-millisecond answers two parallel requests look sequential; a network's
  // latency on every request makes the App's waiting visible.
  it("at most 3 sequential round trips before the first write, with or without a policy", async () => {
    // 200 ms: wide enough that an event-loop stall on a loaded CI machine cannot split two parallel requests.
    e2e.sim.fail({ path: /./, delayMs: 200, times: Number.POSITIVE_INFINITY });
    try {
      await requestsFor(3, { ...README, ...POLICY });
      expect(roundTripsBeforeFirstWrite()).toBeLessThanOrEqual(2); // listing ‖ policy, then one GraphQL batch
      await requestsFor(3, README);
      expect(roundTripsBeforeFirstWrite()).toBeLessThanOrEqual(3); // listing ‖ (repo policy → org policy), then GraphQL
    } finally {
      e2e.sim.clearFaults();
    }
  });
});
