import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import picomatch from "picomatch";
import { Policy } from "../src/core/policy/schema.ts";
import { hfModelDir, writeHfRepo } from "./generate-hf-repo.ts";

export interface ScaleResult {
  cards: number;
  /** Files in the generated repository (cards and config.json files). */
  files: number;
  mb: number;
  /** How the cards were found: the default globs, or a policy adding README.md where the defaults lack it. */
  policy: "default" | "model_cards: [**/README.md]";
  wall_s: number;
  cpu_s: number | null;
  max_rss_mb: number | null;
  exit_code: number | null;
  /** Models in the JSON report: every card must be one. */
  models_checked: number;
  findings: number;
  /** Findings that say cards were not checked (SPEC §1.3), if any. */
  cap_notices: string[];
  budget: { seconds: number; mb: number };
  /** One-minute load average when the check started and ended: how shared the machine was. */
  load_before: number;
  load_after: number;
}

const REPO = fileURLToPath(new URL("..", import.meta.url));
const TIME = "/usr/bin/time";

/**
 * SPEC §6: `modelgate check` over a whole repository of Hugging Face cards with an empty base,
 * in a process of its own (the compiled CLI, as users run it), its wall time, CPU time and peak
 * RSS measured by GNU time. `--cpu-prof DIR` passes node's CPU profiler to that process.
 */
export async function benchScale(cards: number, opts: { cpuProf?: string } = {}): Promise<ScaleResult> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "modelgate-scale-"));
  try {
    const head = path.join(tmp, "repo");
    const empty = path.join(tmp, "empty");
    await mkdir(empty);
    const written = await writeHfRepo(head, cards);
    // README.md cards are found by default once the default card globs match them; until then the
    // huggingface source, on by default, only sniffs the READMEs the globs let through.
    const byDefault = picomatch(Policy.parse({}).paths.model_cards, { dot: true })(
      `${hfModelDir(0)}/README.md`,
    );
    const args = ["check", "--base-dir", empty, "--head-dir", head, "--format", "json"];
    if (!byDefault) {
      const policy = path.join(tmp, "policy.yml");
      await writeFile(policy, 'paths: { model_cards: ["**/README.md"] }\n');
      args.push("--policy", policy);
    }
    const out = path.join(tmp, "report.json");
    const load_before = load();
    const run = runCli(args, out, opts.cpuProf);
    const load_after = load();
    const report = JSON.parse(await readFile(out, "utf8")) as {
      models: unknown[];
      findings: Array<{ code: string; message: string }>;
    };
    return {
      cards,
      files: written.files,
      mb: Math.round(written.bytes / 1e5) / 10,
      policy: byDefault ? "default" : "model_cards: [**/README.md]",
      ...run,
      models_checked: report.models.length,
      findings: report.findings.length,
      cap_notices: report.findings
        .filter((f) => /not checked|cards? (were|was) not/i.test(f.message))
        .map((f) => `${f.code}: ${f.message}`),
      budget: { seconds: 60, mb: 1024 },
      load_before,
      load_after,
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

const load = (): number => Math.round((os.loadavg()[0] ?? 0) * 10) / 10;

/** Builds dist/ (what bin/modelgate.js runs), so the figures are those of the current source. */
export function buildCli(): void {
  execFileSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: REPO, stdio: "inherit" });
}

function runCli(args: string[], out: string, cpuProf: string | undefined) {
  const node = [...(cpuProf ? ["--cpu-prof", "--cpu-prof-dir", cpuProf] : []), "bin/modelgate.js", ...args];
  const fd = openSync(out, "w");
  const start = performance.now();
  const timed = existsSync(TIME);
  const child = timed
    ? spawnSync(TIME, ["-f", "modelgate-time %e %U %S %M", process.execPath, ...node], {
        cwd: REPO,
        stdio: ["ignore", fd, "pipe"],
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      })
    : spawnSync(process.execPath, node, { cwd: REPO, stdio: ["ignore", fd, "pipe"], encoding: "utf8" });
  const wall = (performance.now() - start) / 1000;
  closeSync(fd);
  const line = /modelgate-time ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(child.stderr ?? "");
  if (child.status !== 0 && child.status !== 1) process.stderr.write(child.stderr ?? "");
  return {
    wall_s: Math.round((line ? Number(line[1]) : wall) * 10) / 10,
    cpu_s: line ? Math.round((Number(line[2]) + Number(line[3])) * 10) / 10 : null,
    max_rss_mb: line ? Math.round(Number(line[4]) / 1024) : null,
    exit_code: child.status,
  };
}
