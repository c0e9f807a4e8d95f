import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { type ApiResult, benchApi } from "./api-bench.ts";
import { benchEngine, type EngineRow } from "./engine-bench.ts";
import { formatTable } from "./format-table.ts";
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
  /** Of the process that runs the simulator, the engine benchmark and the load generator. */
  peak_rss_mb: number;
  budgets: { api: boolean; redelivery: boolean; engine: boolean; throughput: boolean };
  /** Every request of each API scenario, for reading regressions. */
  api_logs: Record<string, string[]>;
}

const RESULTS = fileURLToPath(new URL("./results/", import.meta.url));

/** `npm run bench [-- --quick]`: SPEC §6, measured. Exit code 0 whatever the figures: a benchmark reports, CI tests. */
export async function runBench(argv: readonly string[]): Promise<number> {
  const quick = argv.includes("--quick");
  const log = (s: string) => process.stderr.write(`${s}\n`);

  log("api: one synchronize per scenario against the simulator…");
  const api = await benchApi();
  log("engine…");
  const engine = await benchEngine(
    quick
      ? { endToEnd: [2], gatesOnly: [100, 1000], metrics: 50, slices: 20, runs: 1 }
      : { endToEnd: [10, 30], gatesOnly: [100, 300, 1000], metrics: 50, slices: 20, runs: 5 },
  );
  log("throughput: bare Probot and modelgate, alternating…");
  const throughput = await benchThroughput(
    quick ? { events: 50, rounds: 1, concurrency: 10 } : { events: 200, rounds: 3, concurrency: 10 },
  );

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
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    budgets: {
      api:
        steady.every((a) => a.requests <= 6 && a.round_trips_before_first_write <= 3) &&
        new Set(steady.map((a) => a.requests)).size === 1,
      redelivery: api.redelivery.writes === 0,
      engine: gates1000 !== undefined && gates1000.cpu_ms < 1000,
      throughput: throughput.ratio >= 0.7,
    },
    api_logs: Object.fromEntries(
      [...api.api, api.cold].map((a, i) => [
        i < api.api.length ? `${a.models} models, ${a.files} files` : "cold",
        a.log,
      ]),
    ),
  };
  await mkdir(RESULTS, { recursive: true });
  await writeFile(`${RESULTS}latest.json`, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(formatTable(result));
  process.stdout.write(`\nwritten: bench/results/latest.json\n`);
  return 0;
}

function machine(): string {
  const cpus = os.cpus();
  const gb = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "cpu"}, ${gb} GB, node ${process.version}, ${os.platform()} ${os.arch()}, load average ${os.loadavg()[0]?.toFixed(1)} at start`;
}
