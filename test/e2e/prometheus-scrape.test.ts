import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { type E2E, repoWithPull, sendPullRequest, startE2E } from "./harness.ts";
import {
  type Prometheus,
  prometheusAvailable,
  prometheusSkipNote,
  promtoolCheck,
  startPrometheus,
} from "./prometheus-harness.ts";

const available = prometheusAvailable();
if (!available) console.warn(prometheusSkipNote("prometheus-scrape"));

describe.skipIf(!available)("GET /metrics scraped by a real Prometheus (SPEC §4.6)", () => {
  let e2e: E2E;
  let prometheus: Prometheus;

  beforeAll(async () => {
    e2e = await startE2E();
    const base = { ...README, ...modelFiles({ name: "fraud", version: "1.0.0", auc: 0.9 }) };
    const head = { ...README, ...modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 }) };
    // One event whose handler fails (GitHub will not say who the App is), then one handled.
    e2e.sim.fail({ method: "GET", path: "/app", status: 502 });
    expect(await sendPullRequest(e2e.sim, repoWithPull(e2e.sim, "scrape", { base, head }))).toBe(502);
    expect(await sendPullRequest(e2e.sim, repoWithPull(e2e.sim, "scrape", { base, head }))).toBe(200);
    const target = new URL(e2e.app.url).host;
    prometheus = await startPrometheus(target);
  }, 90_000);
  afterAll(async () => {
    await prometheus?.stop();
    await e2e?.close();
  });

  it("scrapes the App every second and answers queries on what the App did", async () => {
    const up = await prometheus.until('up{job="modelgate"}', (r) => r[0]?.[1] === 1);
    expect(up).toHaveLength(1);
    const value = async (expr: string) => (await prometheus.until(expr, (r) => r.length > 0))[0]?.[1];

    expect(await value('modelgate_events_received_total{event="pull_request"}')).toBe(2);
    expect(await value('modelgate_events_handled_total{event="pull_request.opened"}')).toBe(1);
    expect(await value('modelgate_events_failed_total{event="pull_request.opened"}')).toBe(1);
    expect(await value('modelgate_evaluation_duration_seconds_count{event="pull_request.opened"}')).toBe(2);
    // Prometheus read the buckets as a histogram: it can compute a quantile from them.
    const median = await value(
      'histogram_quantile(0.5, sum by (le) (modelgate_evaluation_duration_seconds_bucket{event="pull_request.opened"}))',
    );
    expect(median).toBeGreaterThan(0);
    expect(median).toBeLessThanOrEqual(60);
    // GitHub's answers by status: the installation token, the check run and the comment were 201s.
    expect(await value('modelgate_github_requests_total{method="POST",status="201"}')).toBe(3);
    expect(await value('modelgate_github_requests_total{method="GET",status="502"}')).toBe(1);
    // Every family the App serves, with its type, as Prometheus read them from the scrape (a
    // labelled counter nothing has counted yet has no series, but its TYPE and HELP were scraped).
    const metadata = await prometheus.metadata();
    for (const [name, type] of [
      ["modelgate_events_received_total", "counter"],
      ["modelgate_evaluation_duration_seconds", "histogram"],
      ["modelgate_deliveries_recovered_total", "counter"],
      ["modelgate_github_rate_limited_total", "counter"],
      ["modelgate_github_rate_limit_wait_seconds_total", "counter"],
      ["modelgate_queue_jobs", "gauge"],
      ["modelgate_queue_oldest_job_age_seconds", "gauge"],
      ["modelgate_queue_job_wait_seconds", "histogram"],
      ["modelgate_process_cpu_seconds_total", "counter"],
    ])
      expect(metadata.get(name ?? ""), name).toBe(type);
  }, 90_000);

  it("the exposition passes `promtool check metrics` (when promtool is installed)", async () => {
    const text = await (await fetch(`${e2e.app.url}/metrics`)).text();
    const checked = promtoolCheck(text);
    if (checked === null) {
      console.warn("prometheus-scrape: promtool not installed, `promtool check metrics` not run");
      return;
    }
    // Exit 1 is an exposition promtool cannot parse; 3 lists lint problems, one a line. The only
    // ones allowed are prom-client's default gauges named `*_total`, which modelgate does not name.
    expect(checked.status, checked.output).not.toBe(1);
    const problems = checked.output.split("\n").filter((line) => line.trim() !== "");
    expect(
      problems.filter(
        (p) =>
          !/^modelgate_nodejs_active_\w+_total non-counter metrics should not have "_total" suffix$/.test(p),
      ),
    ).toEqual([]);
    expect(checked.status).toBe(problems.length === 0 ? 0 : 3);
  });
});
