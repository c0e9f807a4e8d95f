import { parse, visit } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_ALIASES } from "../../src/github/graphql-batch.ts";
import { edit, fixtureTree } from "../core/sources/fixture-tree.ts";
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

/** Aliases in each GraphQL query the App sent (SPEC §6: at most 50 a query). */
function aliasCounts(): number[] {
  return e2e.sim.requests
    .filter((r) => r.path === "/graphql")
    .map((r) => {
      let n = 0;
      visit(parse((r.body as { query: string }).query), {
        Field(node) {
          if (node.alias) n++;
        },
      });
      return n;
    });
}

interface Measured {
  lines: string[];
  aliases: number[];
  conclusion: string | null | undefined;
}

async function measure(prefix: string, base: Files, head: Files): Promise<Measured> {
  const pr = repoWithPull(e2e.sim, prefix, { base, head });
  e2e.sim.reset();
  await sendPullRequest(e2e.sim, pr);
  const lines = requestLines(e2e.sim).map((l) => l.replace(pr.repo.fullName, "OWNER/REPO"));
  return { lines, aliases: aliasCounts(), conclusion: checkRunsOf(pr.repo)[0]?.conclusion };
}

/** One `pull_request.opened` on a PR releasing `count` models. */
const modelsPr = (count: number, base: Files) =>
  measure(
    `budget-${count}`,
    { ...base, ...models(count, { version: "1.0.0", auc: 0.9 }) },
    { ...base, ...models(count, { version: "1.1.0", auc: 0.91 }) },
  );

const CHURN = fixtureTree("dvc/churn");
/** A retrain: the model's md5 in dvc.lock (train's out and evaluate's dep). */
const CHURN_RETRAINED = edit(
  edit(CHURN, "dvc.lock", "d1f6e055f7f5e2827fcfae68d9b64d4c", "aaaa055f7f5e2827fcfae68d9b64d4c0"),
  "dvc.lock",
  "d1f6e055f7f5e2827fcfae68d9b64d4c",
  "aaaa055f7f5e2827fcfae68d9b64d4c0",
);
const WINE = fixtureTree("mlflow/wine");
/** A new MLflow run logged beside the fixture's. */
const WINE_NEW_RUN: Files = {
  ...WINE,
  "mlruns/1/9c2d/meta.yaml": "run_id: 9c2d\nexperiment_id: '1'\n",
  "mlruns/1/9c2d/metrics/r2": "1748800000000 0.76 0\n",
  "mlruns/1/9c2d/artifacts/model/MLmodel": String(WINE["mlruns/1/8a1b/artifacts/model/MLmodel"]).replace(
    "run_id: 8a1b",
    "run_id: 9c2d",
  ),
};

const OPEN_AND_WRITE = [
  "POST /graphql",
  "POST /repos/OWNER/REPO/check-runs",
  "POST /repos/OWNER/REPO/issues/1/comments",
];
const graphql = (n: number) => Array.from({ length: n }, () => "POST /graphql");

// SPEC §6: at most 6 requests per event for 1, 10 or 50 models, at most 50 aliases a query.
describe("API budget of one pull_request event", () => {
  it("1 and 10 models: the opening query, one read, the check and the comment (4), with or without a policy", async () => {
    for (const base of [{ ...README, ...POLICY }, README]) {
      for (const count of [1, 10]) {
        const m = await modelsPr(count, base);
        expect(m.conclusion).toBe("success");
        expect(m.lines).toEqual([...graphql(2), ...OPEN_AND_WRITE.slice(1)]);
        expect(Math.max(...m.aliases)).toBeLessThanOrEqual(MAX_ALIASES);
      }
    }
  });

  it("50 models: the read is three queries of at most 50 aliases, 6 requests in all", async () => {
    for (const base of [{ ...README, ...POLICY }, README]) {
      const m = await modelsPr(50, base);
      expect(m.conclusion).toBe("success");
      expect(m.lines).toEqual([...graphql(4), ...OPEN_AND_WRITE.slice(1)]);
      // The opening query (policy, head commit, the org's policy), then 50 head folders, 50 base
      // folders (a card and a manifest each) and two listings.
      expect(m.aliases).toEqual([3, 50, 50, 2]);
    }
  });

  it("a DVC retrain and a new MLflow run: two read rounds, 5 requests, with or without a policy", async () => {
    for (const extra of [POLICY, {}]) {
      const dvc = await measure("budget-dvc", { ...CHURN, ...extra }, { ...CHURN_RETRAINED, ...extra });
      expect(dvc.conclusion).toBe("success");
      expect(dvc.lines).toEqual([...graphql(3), ...OPEN_AND_WRITE.slice(1)]);
      const mlflow = await measure("budget-mlflow", { ...WINE, ...extra }, { ...WINE_NEW_RUN, ...extra });
      expect(mlflow.lines).toEqual([...graphql(3), ...OPEN_AND_WRITE.slice(1)]);
      for (const m of [dvc, mlflow]) expect(Math.max(...m.aliases)).toBeLessThanOrEqual(MAX_ALIASES);
    }
  });

  // With loopback's sub-millisecond answers two parallel requests look sequential; a network's
  // latency on every request makes the App's waiting visible.
  it("at most 3 sequential round trips before the first write", async () => {
    // 200 ms: wide enough that an event-loop stall on a loaded CI machine cannot split two parallel requests.
    e2e.sim.fail({ path: /./, delayMs: 200, times: Number.POSITIVE_INFINITY });
    try {
      await modelsPr(3, README);
      expect(roundTripsBeforeFirstWrite()).toBe(2); // the opening query, then one read
      await modelsPr(50, README);
      expect(roundTripsBeforeFirstWrite()).toBe(2); // the read's three queries are sent together
      await measure("budget-dvc-rt", CHURN, CHURN_RETRAINED);
      expect(roundTripsBeforeFirstWrite()).toBe(3); // dvc.yaml and dvc.lock, then what they name
    } finally {
      e2e.sim.clearFaults();
    }
  });
});
