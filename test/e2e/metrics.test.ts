import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modelFiles, README } from "../fixtures/model-repo.ts";
import { type E2E, repoWithPull, sendPullRequest, startE2E } from "./harness.ts";
import { type Family, parsePrometheusText } from "./prometheus-text.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

const value = (families: Map<string, Family>, sample: string, labels: Record<string, string> = {}) =>
  [...families.values()]
    .flatMap((f) => f.samples)
    .find((s) => s.name === sample && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

describe("GET /metrics (SPEC §4.6)", () => {
  it("serves the App's metrics in the text exposition format, counting what the App did", async () => {
    const base = { ...README, ...modelFiles({ name: "fraud", version: "1.0.0", auc: 0.9 }) };
    const head = { ...README, ...modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 }) };
    // The App's first event asks GitHub who the App is; that failing makes the handler throw.
    e2e.sim.fail({ method: "GET", path: "/app", status: 502 });
    const broken = repoWithPull(e2e.sim, "metrics", { base, head });
    expect(await sendPullRequest(e2e.sim, broken)).toBe(502);
    const pr = repoWithPull(e2e.sim, "metrics", { base, head });
    expect(await sendPullRequest(e2e.sim, pr)).toBe(200);

    const response = await fetch(`${e2e.app.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const text = await response.text();
    const families = parsePrometheusText(text);

    expect(families.get("modelgate_events_received_total")?.type).toBe("counter");
    expect(value(families, "modelgate_events_received_total", { event: "pull_request" })).toBe(2);
    expect(value(families, "modelgate_events_handled_total", { event: "pull_request.opened" })).toBe(1);
    expect(value(families, "modelgate_events_failed_total", { event: "pull_request.opened" })).toBe(1);
    expect(families.get("modelgate_evaluation_duration_seconds")?.type).toBe("histogram");
    expect(
      value(families, "modelgate_evaluation_duration_seconds_count", { event: "pull_request.opened" }),
    ).toBe(2);
    // The installation token, the check run and the sticky comment; the failed event's GET /app got 502.
    expect(value(families, "modelgate_github_requests_total", { method: "POST", status: "201" })).toBe(3);
    expect(value(families, "modelgate_github_requests_total", { method: "GET", status: "502" })).toBe(1);
    expect(
      value(families, "modelgate_github_requests_total", { method: "GET", status: "200" }),
    ).toBeGreaterThan(0);
    for (const name of [
      "modelgate_github_rate_limited_total",
      "modelgate_github_rate_limit_wait_seconds_total",
      "modelgate_deliveries_recovered_total",
      "modelgate_queue_jobs",
      "modelgate_queue_oldest_job_age_seconds",
      "modelgate_queue_job_wait_seconds",
      "modelgate_process_cpu_seconds_total",
    ])
      expect(families.has(name), name).toBe(true);

    // prom-client's own view of the registry agrees with what was scraped.
    const registry = e2e.app.served?.metrics.registry;
    const json = await registry?.getMetricsAsJSON();
    const received = json?.find((m) => m.name === "modelgate_events_received_total");
    expect(received?.values.map((v) => [v.labels.event, v.value])).toEqual([["pull_request", 2]]);
  });

  it("the exposition check refuses what Prometheus would refuse", () => {
    const bad = [
      "x 1", // no newline at the end
      '# TYPE x counter\nx{a="1"} one\n',
      '# TYPE x counter\nx{1a="1"} 1\n',
      "# TYPE x counter\ny 1\n",
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n',
      "# TYPE x gauge\nx 1\n# TYPE y gauge\ny 1\n# TYPE x gauge\n",
    ];
    for (const text of bad) expect(() => parsePrometheusText(text), text).toThrow();
    expect(parsePrometheusText('# HELP x a \\\\ b\n# TYPE x gauge\nx{a="q\\"\\n"} 1.5e3\n').get("x")).toEqual(
      {
        name: "x",
        type: "gauge",
        help: "a \\ b",
        samples: [{ name: "x", labels: { a: 'q"\n' }, value: 1500 }],
      },
    );
  });
});
