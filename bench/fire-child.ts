import { spawn } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Result } from "autocannon";
import { fire } from "./throughput-bench.ts";

const SELF = fileURLToPath(import.meta.url);

interface FireJob {
  url: string;
  secret: string;
  bodies: string[];
  concurrency: number;
}

/**
 * `fire` in a process of its own. The simulator answers the workers' GitHub requests in the
 * benchmark's event loop; autocannon there would time each acknowledgement from that loop, so a
 * GitHub request it was busy serving would count as the App's time to acknowledge.
 */
export async function fireInChild(
  url: string,
  secret: string,
  bodies: string[],
  concurrency: number,
): Promise<Result> {
  const file = path.join(os.tmpdir(), `modelgate-fire-${process.pid}-${Date.now()}.json`);
  await writeFile(file, JSON.stringify({ url, secret, bodies, concurrency } satisfies FireJob));
  try {
    const child = spawn(process.execPath, ["--import", "tsx", SELF, file], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const out: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    if (code !== 0) throw new Error(`the load generator exited with ${code}`);
    return JSON.parse(Buffer.concat(out).toString("utf8")) as Result;
  } finally {
    await rm(file, { force: true });
  }
}

if (process.argv[1] === SELF) {
  const job = JSON.parse(await readFile(process.argv[2] ?? "", "utf8")) as FireJob;
  const result = await fire(job.url, job.secret, job.bodies, job.concurrency);
  process.stdout.write(JSON.stringify(result));
}
