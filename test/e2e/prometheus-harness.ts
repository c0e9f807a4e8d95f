import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "../../src/local/start-local-app.ts";

/**
 * CI installs Debian's `prometheus` and sets this to the binary (.ci/run), so that the scrape test
 * cannot be skipped there; elsewhere `prometheus` on the PATH is used if there is one.
 */
const REQUIRED = process.env.MODELGATE_TEST_PROMETHEUS;
export const PROMETHEUS = REQUIRED || "prometheus";
/** promtool comes in the same package, beside the binary. */
const PROMTOOL = REQUIRED?.includes("/") ? join(dirname(REQUIRED), "promtool") : "promtool";

const runs = (bin: string): boolean => spawnSync(bin, ["--version"], { stdio: "ignore" }).status === 0;

/** Whether the test can run: a required binary that does not run is an error, not a skip. */
export function prometheusAvailable(): boolean {
  if (runs(PROMETHEUS)) return true;
  if (REQUIRED) throw new Error(`MODELGATE_TEST_PROMETHEUS=${REQUIRED} is set, but it does not run`);
  return false;
}

export const prometheusSkipNote = (file: string): string =>
  `${file}: skipped, no \`prometheus\` binary (apt-get install prometheus, or set MODELGATE_TEST_PROMETHEUS; .ci/run does both)`;

/** `promtool check metrics` on an exposition: null when promtool is not installed. */
export function promtoolCheck(text: string): { status: number | null; output: string } | null {
  const bin = runs(PROMTOOL) ? PROMTOOL : runs("promtool") ? "promtool" : null;
  if (bin === null) return null;
  const result = spawnSync(bin, ["check", "metrics"], { input: text, encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

export interface Prometheus {
  url: string;
  /** `GET /api/v1/query`: the instant vector's samples as [labels, value]. */
  query(expr: string): Promise<Array<[Record<string, string>, number]>>;
  /** Until `ok` holds for the query's result, at most `ms`. */
  until(
    expr: string,
    ok: (r: Array<[Record<string, string>, number]>) => boolean,
    ms?: number,
  ): Promise<Array<[Record<string, string>, number]>>;
  /** `GET /api/v1/metadata`: each scraped metric family's type. */
  metadata(): Promise<Map<string, string>>;
  stop(): Promise<void>;
}

interface QueryAnswer {
  status: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
  error?: string;
}

/**
 * The real Prometheus server, scraping `target` (host:port, path /metrics) every second, with
 * its configuration and storage in a temporary folder and its web API on a free loopback port.
 */
export async function startPrometheus(target: string): Promise<Prometheus> {
  const dir = await mkdtemp(join(tmpdir(), "modelgate-prometheus-"));
  const config = [
    "global:",
    "  scrape_interval: 1s",
    "  scrape_timeout: 1s",
    "  evaluation_interval: 1s",
    "scrape_configs:",
    "  - job_name: modelgate",
    "    metrics_path: /metrics",
    "    static_configs:",
    `      - targets: ["${target}"]`,
    "",
  ].join("\n");
  await writeFile(join(dir, "prometheus.yml"), config);
  const port = await freePort();
  const child: ChildProcess = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=error",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const query = async (expr: string) => {
    const response = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
    const answer = (await response.json()) as QueryAnswer;
    if (answer.status !== "success" || answer.data?.resultType !== "vector")
      throw new Error(`Prometheus refused ${expr}: ${answer.error ?? answer.status}`);
    return answer.data.result.map((r): [Record<string, string>, number] => [r.metric, Number(r.value[1])]);
  };

  const stop = async () => {
    if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null) child.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
  };

  // Ready when its API answers (bounded; it exits on a bad flag or config).
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${stderr}`);
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (i >= 300) {
      await stop();
      throw new Error(`prometheus did not get ready within 30 s: ${stderr}`);
    }
    await sleep(100);
  }

  return {
    url,
    query,
    async until(expr, ok, ms = 60_000) {
      let last: Array<[Record<string, string>, number]> = [];
      for (let waited = 0; waited <= ms; waited += 250) {
        last = await query(expr);
        if (ok(last)) return last;
        await sleep(250);
      }
      throw new Error(
        `timed out waiting on ${expr}: last ${JSON.stringify(last)}; prometheus said: ${stderr}`,
      );
    },
    async metadata() {
      const response = await fetch(`${url}/api/v1/metadata`);
      const answer = (await response.json()) as { data?: Record<string, Array<{ type: string }>> };
      return new Map(Object.entries(answer.data ?? {}).map(([name, [first]]) => [name, first?.type ?? ""]));
    },
    stop,
  };
}
