import { type ChildProcess, spawn } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { type FireResult as Fired, fire } from "./throughput-bench.ts";

const SELF = fileURLToPath(import.meta.url);

interface FireJob {
  url: string;
  secret: string;
  bodies: string[];
  concurrency: number;
}

/** A burst's result, with the load generator's own event-loop delay over it (ms). */
export interface FireResult extends Fired {
  generator_loop_max_ms: number;
}

export interface LoadGenerator {
  /** `fire` from the generator's process; bursts one after the other. */
  fire(url: string, secret: string, bodies: string[], concurrency: number): Promise<FireResult>;
  stop(): Promise<void>;
}

/**
 * `fire` in a process of its own, kept for several bursts. The simulator answers the workers'
 * GitHub requests in the benchmark's event loop; autocannon there would time each
 * acknowledgement from that loop, so a GitHub request it was busy serving would count as the
 * App's time to acknowledge. And a fresh process for each burst is a cold one: autocannon times
 * each connection's first request from before its connection is made, and a process that has
 * not run yet takes up to a quarter of a second to open 50 (measured against a server that
 * answers in 1 ms), which would count as the App's too. GitHub's senders are not cold, so the
 * warm-up burst and the counted ones go through one process.
 */
export function startLoadGenerator(): LoadGenerator {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", SELF], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const waiting: Array<(line: string | null) => void> = [];
  lines.on("line", (line) => waiting.shift()?.(line));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => {
    for (const w of waiting.splice(0)) w(null);
  });
  let turn = Promise.resolve();
  return {
    fire(url, secret, bodies, concurrency) {
      const run = turn.then(async (): Promise<FireResult> => {
        const file = path.join(os.tmpdir(), `modelgate-fire-${process.pid}-${Date.now()}.json`);
        await writeFile(file, JSON.stringify({ url, secret, bodies, concurrency } satisfies FireJob));
        try {
          const answer = new Promise<string | null>((resolve) => waiting.push(resolve));
          child.stdin?.write(`${file}\n`);
          const line = await answer;
          if (line === null) throw new Error("the load generator exited");
          const parsed = JSON.parse(line) as FireResult | { error: string };
          if ("error" in parsed) throw new Error(`the load generator: ${parsed.error}`);
          return parsed;
        } finally {
          await rm(file, { force: true });
        }
      });
      turn = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    async stop() {
      child.stdin?.end();
      await exited;
    },
  };
}

if (process.argv[1] === SELF) {
  const say = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
  const loop = monitorEventLoopDelay({ resolution: 1 });
  const jobs = createInterface({ input: process.stdin });
  for await (const file of jobs) {
    try {
      const job = JSON.parse(await readFile(file, "utf8")) as FireJob;
      loop.reset();
      loop.enable();
      const result = await fire(job.url, job.secret, job.bodies, job.concurrency);
      loop.disable();
      say({ ...result, generator_loop_max_ms: loop.max / 1e6 } satisfies FireResult);
    } catch (err) {
      say({ error: err instanceof Error ? err.message : String(err) });
    }
  }
}
