import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const APP_PROCESS = fileURLToPath(new URL("./app-process.ts", import.meta.url));

export interface AppChild {
  webhookUrl: string;
  secret: string;
  /** The App process's CPU time so far, µs (user + system). */
  cpuUs(): Promise<number>;
  /**
   * Since the last call, ms: how long its event loop was kept from turning, and how long its
   * requests took in it (headers in to answer out).
   */
  loopDelay(): Promise<{ p99_ms: number; max_ms: number; served_p99_ms: number; served_max_ms: number }>;
  /** Queue mode: jobs still waiting, active or delayed. */
  pending(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `bench/app-process.ts` and waits for the line with its webhook URL. */
export async function startAppChild(
  kind: "modelgate" | "bare" | "modelgate-queue" | "null",
  apiUrl: string,
  queue?: { redisUrl: string; prefix: string; workers: number },
  /** Its priority (`nice -n`), 19 the lowest; the benchmark's own when not given. */
  nice?: number,
): Promise<AppChild> {
  // BENCH_CPU_PROF=DIR writes a V8 CPU profile of each App process there (`node --cpu-prof`).
  const prof = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const args = [
    ...prof,
    "--import",
    "tsx",
    APP_PROCESS,
    kind,
    apiUrl,
    ...(queue ? [queue.redisUrl, queue.prefix, String(queue.workers)] : []),
  ];
  const [command, argv] =
    nice === undefined ? [process.execPath, args] : ["nice", ["-n", String(nice), process.execPath, ...args]];
  const child: ChildProcess = spawn(command, argv, { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const waiting: Array<(message: Record<string, unknown>) => void> = [];
  lines.on("line", (line) => waiting.shift()?.(JSON.parse(line) as Record<string, unknown>));
  const next = () => new Promise<Record<string, unknown>>((resolve) => waiting.push(resolve));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const first = await Promise.race([next(), exited.then(() => null)]);
  if (first === null) throw new Error(`the ${kind} app exited before it listened`);
  const ask = async <K extends string>(command: string, ...keys: K[]): Promise<Record<K, number>> => {
    const answer = next();
    child.stdin?.write(`${command}\n`);
    const message = await answer;
    for (const key of keys)
      if (typeof message[key] !== "number") throw new Error(`the ${kind} app did not answer ${command}`);
    return message as Record<K, number>;
  };
  return {
    webhookUrl: String(first.webhookUrl),
    secret: String(first.secret),
    cpuUs: async () => (await ask("cpu", "cpu_us")).cpu_us,
    pending: async () => (await ask("pending", "pending")).pending,
    async loopDelay() {
      const m = await ask("loop", "loop_p99_ms", "loop_max_ms", "served_p99_ms", "served_max_ms");
      return {
        p99_ms: m.loop_p99_ms,
        max_ms: m.loop_max_ms,
        served_p99_ms: m.served_p99_ms,
        served_max_ms: m.served_max_ms,
      };
    },
    async stop() {
      child.stdin?.end();
      await exited;
    },
  };
}
