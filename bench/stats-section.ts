import { benchStats, type StatsResult } from "./stats-bench.ts";

export type StatsSection = StatsResult & { date: string; machine: string };

/** The seed is fixed: the figures in bench/README.md are reproduced by `npm run bench -- --stats`. */
export const STATS_SEED = 20261201;

/**
 * Trials per scenario: 4,400 (±0.65 % on a 5 % rate, ±1.2 % on an 80 % one, at 95 %); the quick
 * run's 1,100 is the fewest that give ±3 % on any rate (1.96·sqrt(0.25/1100) = 0.0295).
 */
export function runStats(quick: boolean, machine: string, log: (s: string) => void): StatsSection {
  const trials = quick ? 1100 : 4400;
  log(
    `statistics: ${trials} simulated PRs with no change and ${trials} with one real drop, holm / bh / none…`,
  );
  return { ...benchStats({ trials, seed: STATS_SEED }), date: new Date().toISOString(), machine };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

/** The console table: each correction's false alarms and power beside the SPEC §6 budget. */
export function formatStats(s: StatsSection): string {
  const lines = [
    "",
    `Statistics, ${s.shape.metrics} metrics × ${s.shape.slices} slices (n = ${s.shape.n} a slice), ${s.trials} PRs a scenario, seed ${s.seed}`,
    "  budget with the default (holm): false alarms ≤ 5 %, power ≥ 75 %",
    "  correction  false alarms (no change)  power (0.06 drop named)  any failure with the drop",
  ];
  for (const r of s.by_correction)
    lines.push(
      `  ${r.correction.padEnd(10)}  ${`${pct(r.false_alarm_rate)} ± ${pct(r.margin.false_alarm_rate)}`.padStart(24)}  ${`${pct(r.power)} ± ${pct(r.margin.power)}`.padStart(23)}  ${pct(r.fail_rate_with_drop).padStart(26)}`,
    );
  lines.push(`  statistics budget: ${s.budget.met ? "ok" : "MISSED"} (${s.cpu_ms} ms CPU)`, "");
  return `${lines.join("\n")}\n`;
}
