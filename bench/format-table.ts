import type { QueueAckResult } from "./queue-ack-bench.ts";
import type { BenchResult } from "./run-bench.ts";
import type { ThroughputResult } from "./throughput-bench.ts";

const pass = (ok: boolean): string => (ok ? "ok" : "MISSED");

/** The console summary: each figure beside its SPEC §6 budget. */
export function formatTable(r: BenchResult): string {
  const lines: string[] = [`modelgate bench — ${r.date} — ${r.machine}`, ""];
  lines.push("API, one pull_request.synchronize (steady state)      budget ≤ 6 req, ≤ 3 round trips, equal");
  lines.push("  models  files  requests  writes  round trips before 1st write");
  for (const a of [...r.api, { ...r.cold, models: `${r.cold.models} cold` }])
    lines.push(
      `  ${String(a.models).padStart(6)}  ${String(a.files).padStart(5)}  ${String(a.requests).padStart(8)}  ${String(a.writes).padStart(6)}  ${String(a.round_trips_before_first_write).padStart(28)}`,
    );
  lines.push(
    `  redelivery: ${r.redelivery.requests} requests, ${r.redelivery.writes} writes   ${pass(r.budgets.redelivery)}`,
  );
  lines.push(`  API budget: ${pass(r.budgets.api)}`, "");
  lines.push("Engine (one thread)                                   budget < 1,000 ms at 1,000 models");
  lines.push("  stage        models  metrics×slices        ms    cpu ms  ms/model");
  for (const e of r.engine)
    lines.push(
      `  ${e.stage.padEnd(11)}  ${String(e.models).padStart(6)}  ${`${e.metrics}×${e.slices}`.padStart(14)}  ${e.ms.toFixed(0).padStart(8)}  ${e.cpu_ms.toFixed(0).padStart(8)}  ${e.ms_per_model.toFixed(2).padStart(8)}`,
    );
  lines.push(`  engine budget: ${pass(r.budgets.engine)}`, "");
  const t = r.throughput;
  lines.push(`Throughput, ${t.concurrency} concurrent signed webhooks           budget ratio ≥ 0.7`);
  lines.push(`  modelgate ${t.modelgate_per_s}/s (p50 ${t.p50_ms} ms, p99 ${t.p99_ms} ms)`);
  lines.push(`  bare Probot ${t.bare_probot_per_s}/s (p50 ${t.bare_p50_ms} ms, p99 ${t.bare_p99_ms} ms)`);
  lines.push(`  ratio ${t.ratio}   ${pass(r.budgets.throughput)}`, "");
  lines.push(...formatWebhooks(t, r.queue));
  lines.push(`peak RSS ${r.peak_rss_mb} MB`);
  return `${lines.join("\n")}\n`;
}

/** SPEC §6's webhook-server budgets: met when CPU per event is within the bound. */
export const cpuMet = (t: ThroughputResult): boolean =>
  t.modelgate_cpu_ms_per_event <= t.cpu_budget_ms_per_event;
/**
 * Met when, in some layout of modelgate's, 99 % of webhooks were acknowledged within 100 ms (its
 * median round), every answer counted, each connection's first (its set-up included) too.
 */
export const queueMet = (q: QueueAckResult): boolean | null =>
  "skipped" in q ? null : q.runs.some((run) => run.layout !== "control" && run.ack_p99_ms <= 100);

/** The same on connections already open (each connection's first answer left out), every round. */
export const queueMetOnOpen = (q: QueueAckResult): boolean | null =>
  "skipped" in q
    ? null
    : q.runs.some((run) => run.layout !== "control" && run.rounds.every((r) => r.open_p99_ms <= 100));

/** The two webhook-server figures of SPEC §6, each beside its budget (`--webhooks` prints these). */
export function formatWebhooks(t: ThroughputResult, q: QueueAckResult): string[] {
  const lines = ["CPU per webhook (App process)                         budget ≤ 1.5 × bare + engine"];
  lines.push(
    `  modelgate ${t.modelgate_cpu_ms_per_event} ms, bare Probot ${t.bare_cpu_ms_per_event} ms, engine ${t.engine_cpu_ms_per_event} ms → budget ${t.cpu_budget_ms_per_event} ms   ${pass(cpuMet(t))}`,
    `  (${t.events} pull_request.synchronize × ${t.rounds} round(s), ${t.concurrency} concurrent; modelgate p50 ${t.p50_ms} ms, p99 ${t.p99_ms} ms)`,
    "",
    "Queue mode, time to acknowledge                       budget p99 ≤ 100 ms at 50 concurrent",
  );
  if ("skipped" in q) return [...lines, `  skipped: ${q.skipped}`, ""];
  for (const run of q.runs) {
    const rounds = run.rounds.length > 1 ? `median of ${run.rounds.length} rounds by p99` : "one round";
    lines.push(
      `  ${run.layout.padEnd(8)} ${run.webhooks} webhooks, ${run.concurrency} concurrent (${rounds}): p50 ${run.ack_p50_ms} ms, p99 ${run.ack_p99_ms} ms, max ${run.ack_max_ms} ms, ${run.within_100ms} % within 100 ms`,
      `           each round's p99: ${run.rounds.map((r) => r.ack_p99_ms).join(", ")} ms; on open connections: ${run.rounds.map((r) => r.open_p99_ms).join(", ")} ms; slowest first answer on a connection: ${run.rounds.map((r) => r.first_max_ms).join(", ")} ms`,
      `           receiving ${run.layout === "control" ? "server" : "replica"}: ${run.front_cpu_ms_per_webhook} ms CPU a webhook, loop held up to ${run.front_loop_max_ms} ms, answers inside it p99 ${run.front_served_p99_ms} ms; load generator's loop held up to ${run.generator_loop_max_ms} ms; drained in ${run.drained_s} s`,
    );
  }
  const met = q.runs
    .filter((run) => run.layout !== "control" && run.ack_p99_ms <= 100)
    .map((run) => run.layout);
  const control = q.runs.find((run) => run.layout === "control");
  const open = q.runs
    .filter((run) => run.layout !== "control" && run.rounds.every((r) => r.open_p99_ms <= 100))
    .map((run) => run.layout);
  lines.push(
    `  queue budget: ${pass(queueMet(q) === true)}${met.length > 0 ? ` (in ${met.join(", ")})` : ""}` +
      `; on open connections, every round: ${pass(queueMetOnOpen(q) === true)}${open.length > 0 ? ` (in ${open.join(", ")})` : ""}` +
      (control
        ? `; a plain server under the same load (control): p99 ${control.ack_p99_ms} ms, ${control.within_100ms} % within 100 ms`
        : ""),
    "",
  );
  return lines;
}
