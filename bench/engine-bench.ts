import { collectModels } from "../src/core/collect-models.ts";
import { evaluatePr } from "../src/core/evaluate-pr.ts";
import { loadPolicy } from "../src/core/policy/load-policy.ts";
import type { Policy } from "../src/core/policy/schema.ts";
import type { ModelContext } from "../src/core/types.ts";
import { BENCH_POLICY, generateRepo } from "./generate-model-repo.ts";
import { memorySnapshot } from "./memory-snapshot.ts";
import { runGates } from "./run-gates.ts";

export interface EngineRow {
  models: number;
  metrics: number;
  slices: number;
  /** Median wall time of one run, ms. */
  ms: number;
  /**
   * Median CPU time of this process for one run, ms: on a machine shared with other work the
   * wall time counts the time other processes held the core, the CPU time does not.
   */
  cpu_ms: number;
  ms_per_model: number;
  /**
   * `evaluatePr`: the whole engine on an in-memory snapshot (reading, YAML parsing, gates).
   * `gates`: the gates on already-parsed models, the part that SPEC §6 asks to be linear.
   */
  stage: "evaluatePr" | "gates";
  runs: number;
}

export interface EngineOptions {
  /** Model counts for the end-to-end rows (each card holds metrics × (slices + 1) values). */
  endToEnd: number[];
  /** Model counts for the gates-only rows. */
  gatesOnly: number[];
  metrics: number;
  slices: number;
  runs: number;
}

/**
 * The pure engine, in this process's one JavaScript thread, on generated repositories in which
 * every model is retrained (the worst case: every card and manifest is read and compared).
 */
export async function benchEngine(opts: EngineOptions): Promise<EngineRow[]> {
  const policy = loadPolicy(".github/modelgate.yml", BENCH_POLICY).policy;
  if (policy === null) throw new Error("the benchmark policy is invalid");
  const shape = { metrics: opts.metrics, slices: opts.slices };
  const rows: EngineRow[] = [];

  for (const models of opts.endToEnd) {
    const repo = generateRepo({ ...shape, models, changed: models });
    const { ms, cpu_ms } = await median(opts.runs, async () => {
      const report = await evaluatePr(memorySnapshot(repo.base, repo.head), { policy });
      if (report.models.length !== models) throw new Error(`evaluated ${report.models.length} of ${models}`);
    });
    rows.push({
      ...shape,
      models,
      ms,
      cpu_ms,
      ms_per_model: round(ms / models),
      stage: "evaluatePr",
      runs: opts.runs,
    });
  }

  // Parse one model once and give it many names: the gates do the same work for each copy.
  const template = await parsedModel(policy, shape);
  for (const models of opts.gatesOnly) {
    const contexts = Array.from({ length: models }, (_, i) => ({ ...template, name: `model-${i}` }));
    const { ms, cpu_ms } = await median(opts.runs, async () => {
      runGates(contexts, policy);
    });
    rows.push({
      ...shape,
      models,
      ms,
      cpu_ms,
      ms_per_model: round(ms / models),
      stage: "gates",
      runs: opts.runs,
    });
  }
  return rows;
}

async function parsedModel(
  policy: Policy,
  shape: { metrics: number; slices: number },
): Promise<ModelContext> {
  const repo = generateRepo({ ...shape, models: 1, changed: 1 });
  const collected = await collectModels(memorySnapshot(repo.base, repo.head), policy);
  const model = collected.models[0];
  if (model === undefined || collected.findings.length > 0)
    throw new Error("the generated model did not parse cleanly");
  return model;
}

/** One untimed warm-up run (JIT), then the medians of `runs` timed runs. */
async function median(runs: number, fn: () => Promise<void>): Promise<{ ms: number; cpu_ms: number }> {
  await fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(startCpu);
    wall.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: round(middle(wall)), cpu_ms: round(middle(cpu)) };
}

function middle(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const round = (x: number): number => Math.round(x * 100) / 100;
