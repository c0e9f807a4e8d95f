import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const APP_PROCESS = fileURLToPath(new URL("./app-process.ts", import.meta.url));

export interface AppChild {
  webhookUrl: string;
  secret: string;
  /** The App process's CPU time so far, µs (user + system). */
  cpuUs(): Promise<number>;
  /** Queue mode: jobs still waiting, active or delayed. */
  pending(): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `bench/app-process.ts` and waits for the line with its webhook URL. */
export async function startAppChild(
  kind: "modelgate" | "bare" | "modelgate-queue",
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
  const ask = async (command: string, key: string): Promise<number> => {
    const answer = next();
    child.stdin?.write(`${command}\n`);
    const value = (await answer)[key];
    if (typeof value !== "number") throw new Error(`the ${kind} app did not answer ${command}`);
    return value;
  };
  return {
    webhookUrl: String(first.webhookUrl),
    secret: String(first.secret),
    cpuUs: () => ask("cpu", "cpu_us"),
    pending: () => ask("pending", "pending"),
    async stop() {
      child.stdin?.end();
      await exited;
    },
  };
}
