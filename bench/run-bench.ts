import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { type ApiResult, benchApi } from "./api-bench.ts";
import { benchEngine, type EngineRow } from "./engine-bench.ts";
import { cpuMet, formatTable, formatWebhooks, queueMet, queueMetOnOpen } from "./format-table.ts";
import { benchQueueAck, type QueueAckResult } from "./queue-ack-bench.ts";
import { benchScale, buildCli, type ScaleResult } from "./scale-bench.ts";
import { benchStartup, type StartupResult } from "./startup-bench.ts";
import { formatStats, runStats, type StatsSection } from "./stats-section.ts";
import { benchThroughput, type ThroughputResult } from "./throughput-bench.ts";

export interface BenchResult {
  date: string;
  machine: string;
  quick: boolean;
  api: Array<Omit<ApiResult["api"][number], "log">>;
  cold: Omit<ApiResult["cold"], "log">;
  redelivery: ApiResult["redelivery"];
  engine: EngineRow[];
  throughput: ThroughputResult;
  startup: StartupResult;
  /** SPEC §6 statistics: false alarms and power of the evaluation gate, simulated. */
  stats: StatsSection;
  /** Queue mode: time to acknowledge at 50 concurrent deliveries. */
  queue: QueueAckResult;
  scale: ScaleSection;
  /** Of the process that runs the simulator, the engine benchmark and the load generator. */
  peak_rss_mb: number;
  budgets: {
    api: boolean;
    redelivery: boolean;
    engine: boolean;
    throughput: boolean;
    startup: boolean;
    stats: boolean;
    /** modelgate's CPU per event ≤ 1.5 × bare Probot's + the engine's own. */
    cpu: boolean;
    /** Queue mode: 99 % acknowledged within 100 ms (null: not measured, no Redis). */
    queue_ack: boolean | null;
    /** The same on connections already open, in every round of some layout. */
    queue_ack_open: boolean | null;
  };
  /** Every request of each API scenario, for reading regressions. */
  api_logs: Record<string, string[]>;
}

const RESULTS = fileURLToPath(new URL("./results/", import.meta.url));

/** `npm run bench [-- --quick]`: SPEC §6, measured. Exit code 0 whatever the figures: a benchmark reports, CI tests. */
export async function runBench(argv: readonly string[]): Promise<number> {
  const quick = argv.includes("--quick");
  const log = (s: string) => process.stderr.write(`${s}\n`);
  if (argv.includes("--startup")) {
    const startup = benchStartup();
    await mergeResults({ startup });
    process.stdout.write(
      `CLI start-up (--help, median of ${startup.runs}): dist ${startup.dist_ms} ms, tsx ${startup.tsx_ms} ms; budget ${startup.budget_ms} ms\n`,
    );
    return 0;
  }
  if (argv.includes("--scale")) {
    const scale = await runScale(quick, log);
    await mergeResults({ scale });
    process.stdout.write(formatScale(scale));
    return 0;
  }
  if (argv.includes("--stats")) {
    const stats = runStats(quick, machine(), log);
    await mergeResults({ stats });
    process.stdout.write(formatStats(stats));
    return 0;
  }
  if (argv.includes("--webhooks")) {
    const machineAtStart = machine();
    log("webhooks: CPU per event against bare Probot, and queue-mode acknowledgement…");
    const { throughput, queue } = await benchWebhooks(quick, log);
    await mergeResults({ throughput, queue });
    const header = `modelgate bench --webhooks — ${new Date().toISOString()} — ${machineAtStart}, ${os.loadavg()[0]?.toFixed(1)} at the end`;
    process.stdout.write(
      `${[header, "", ...formatWebhooks(throughput, queue)].join("\n")}written: bench/results/latest.json\n`,
    );
    return 0;
  }

  log("api: one synchronize per scenario against the simulator…");
  const api = await benchApi();
  log("engine…");
  const engine = await benchEngine(
    quick
      ? { endToEnd: [2], gatesOnly: [100, 1000], metrics: 50, slices: 20, runs: 1 }
      : { endToEnd: [10, 30], gatesOnly: [100, 300, 1000], metrics: 50, slices: 20, runs: 5 },
  );
  const { throughput, queue } = await benchWebhooks(quick, log);

  log("CLI start-up…");
  const startup = benchStartup(quick ? 5 : 21);
  const stats = runStats(quick, machine(), log);
  const scale = await runScale(quick, log);

  const strip = <T extends { log: string[] }>({ log: _, ...rest }: T) => rest;
  const steady = api.api.filter((a) => a.files <= 100);
  const gates1000 = engine.find((e) => e.stage === "gates" && e.models === 1000);
  const result: BenchResult = {
    date: new Date().toISOString(),
    machine: machine(),
    quick,
    api: api.api.map(strip),
    cold: strip(api.cold),
    redelivery: api.redelivery,
    engine,
    throughput,
    startup,
    stats,
    queue,
    scale,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    budgets: {
      api:
        steady.every((a) => a.requests <= 6 && a.round_trips_before_first_write <= 3) &&
        new Set(steady.map((a) => a.requests)).size === 1,
      redelivery: api.redelivery.writes === 0,
      engine: gates1000 !== undefined && gates1000.cpu_ms < 1000,
      throughput: throughput.ratio >= 0.7,
      startup: startup.dist_ms < startup.budget_ms,
      stats: stats.budget.met,
      cpu: cpuMet(throughput),
      queue_ack: queueMet(queue),
      queue_ack_open: queueMetOnOpen(queue),
    },
    api_logs: Object.fromEntries(
      [...api.api, api.cold].map((a, i) => [
        i < api.api.length ? `${a.models} models, ${a.files} files` : "cold",
        a.log,
      ]),
    ),
  };
  // Sections this run does not measure (another benchmark's, run alone) stay in the file.
  await mergeResults(result, false);
  process.stdout.write(formatTable(result));
  process.stdout.write(formatStats(stats));
  process.stdout.write(formatScale(scale));
  process.stdout.write(`\nwritten: bench/results/latest.json\n`);
  return 0;
}

/** The webhook server side by side (SPEC §6): in-process against bare Probot, then queue mode. */
async function benchWebhooks(quick: boolean, log: (s: string) => void = () => undefined) {
  log("throughput and CPU per event: bare Probot and modelgate, alternating…");
  const throughput = await benchThroughput(
    quick ? { events: 50, rounds: 1, concurrency: 10 } : { events: 200, rounds: 3, concurrency: 10 },
  );
  log("queue mode: time to acknowledge at 50 concurrent deliveries…");
  const queue = await benchQueueAck(
    quick ? { webhooks: 200, concurrency: 50, rounds: 1 } : { webhooks: 500, concurrency: 50, rounds: 3 },
  );
  return { throughput, queue };
}

export interface ScaleSection {
  /** `modelgate check` over a repository of Hugging Face cards, empty base (SPEC §6: 30,000 in < 60 s, < 1 GiB). */
  check: ScaleResult;
  /** The gates alone at 10,000 models × 50 metrics × 20 slices (SPEC §6: < 10 s). */
  gates: EngineRow | null;
}

/** SPEC §6's two scale budgets; `--quick` checks a tenth of the cards and a tenth of the models. */
async function runScale(quick: boolean, log: (s: string) => void): Promise<ScaleSection> {
  log("scale: building dist/ for the CLI…");
  buildCli();
  const cards = quick ? 3000 : 30000;
  log(`scale: modelgate check over ${cards} Hugging Face cards, empty base…`);
  const check = await benchScale(cards);
  const models = quick ? 1000 : 10000;
  log(`scale: the gates at ${models} models × 50 metrics × 20 slices…`);
  const [gates] = await benchEngine({ endToEnd: [], gatesOnly: [models], metrics: 50, slices: 20, runs: 1 });
  return { check, gates: gates ?? null };
}

function formatScale(s: ScaleSection): string {
  const c = s.check;
  const g = s.gates;
  return [
    "",
    `Scale: check of ${c.cards} Hugging Face cards (${c.files} files, ${c.mb} MB, empty base, ${c.policy}):`,
    `  ${c.wall_s} s wall, ${c.cpu_s ?? "?"} s CPU, ${c.max_rss_mb ?? "?"} MB peak RSS; ${c.models_checked} of ${c.cards} cards checked, ${c.findings} findings, exit ${c.exit_code}; budget ${c.budget.seconds} s, ${c.budget.mb} MB`,
    c.models_checked === c.cards
      ? ""
      : `  NOT EVERY CARD CHECKED: ${c.cards - c.models_checked} missing from the report`,
    `  load average ${c.load_before} before, ${c.load_after} after (walls on a shared machine are upper bounds; CPU time is the figure to compare)`,
    g === null
      ? ""
      : `  gates at ${g.models} models × ${g.metrics} metrics × ${g.slices} slices: ${g.ms} ms wall, ${g.cpu_ms} ms CPU; budget 10,000 ms`,
    "",
  ].join("\n");
}

/** A section run alone (`--startup`, …) updates its own keys of latest.json and keeps the rest. */
async function mergeResults(section: object, dated = true): Promise<void> {
  await mkdir(RESULTS, { recursive: true });
  let previous: Record<string, unknown> = {};
  try {
    previous = JSON.parse(await readFile(`${RESULTS}latest.json`, "utf8")) as Record<string, unknown>;
  } catch {
    // no earlier results: this section starts the file
  }
  const date = dated ? { [`${Object.keys(section)[0]}_date`]: new Date().toISOString() } : {};
  const merged = { ...previous, ...section, ...date };
  await writeFile(`${RESULTS}latest.json`, `${JSON.stringify(merged, null, 2)}\n`);
}

function machine(): string {
  const cpus = os.cpus();
  const gb = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "cpu"}, ${gb} GB, node ${process.version}, ${os.platform()} ${os.arch()}, load average ${os.loadavg()[0]?.toFixed(1)} at start`;
}
