import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface StartupResult {
  /** `node bin/modelgate.js --help` (compiled dist/), median of `runs`. */
  dist_ms: number;
  /** The same through tsx on src/, as the CLI started before the build. */
  tsx_ms: number;
  runs: number;
  budget_ms: number;
}

const REPO = fileURLToPath(new URL("..", import.meta.url));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function timeRun(args: string[]): number {
  const t0 = process.hrtime.bigint();
  execFileSync(process.execPath, args, { cwd: REPO, stdio: "ignore" });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** SPEC §6 CLI start-up: the two ways of starting, alternated run by run so load hits both alike. */
export function benchStartup(runs = 21): StartupResult {
  const dist: number[] = [];
  const tsx: number[] = [];
  timeRun(["bin/modelgate.js", "--help"]); // warm the file cache for both
  timeRun(["--import", "tsx", "bench/cli-from-source.ts", "--help"]);
  for (let i = 0; i < runs; i++) {
    dist.push(timeRun(["bin/modelgate.js", "--help"]));
    tsx.push(timeRun(["--import", "tsx", "bench/cli-from-source.ts", "--help"]));
  }
  return { dist_ms: Math.round(median(dist)), tsx_ms: Math.round(median(tsx)), runs, budget_ms: 250 };
}
