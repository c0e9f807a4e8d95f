import { execFile, execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { createSimulator, type GitHubSimulator } from "../../src/sim/github-simulator.ts";
import type { SimRepo } from "../../src/sim/sim-repo.ts";
import { baseRepo, git, REPO, runCli, tempDir, writeTree } from "../cli/run-cli.ts";
import { type Files, models, README } from "../fixtures/model-repo.ts";
import { commentsOf, writeLines } from "./harness.ts";

/**
 * `modelgate ci` as a GitHub Actions job runs it: a shallow checkout of the PR (actions/checkout's
 * default depth 1, so the base commit is absent), the event file, GITHUB_TOKEN, GITHUB_API_URL
 * pointing at the local GitHub simulator, and a GITHUB_STEP_SUMMARY file. Real git, real HTTP.
 * In Actions a comment written with GITHUB_TOKEN is github-actions[bot]'s: the simulator's bot.
 */

let sim: GitHubSimulator;
let tmp: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  sim = await createSimulator({ slug: "github-actions" });
  tmp = await tempDir();
});
afterAll(async () => {
  await sim?.close();
  await tmp?.remove();
});

/** An origin repository: `main` holds `base`, branch `update` holds `head`. Returns the shas. */
async function origin(dir: string, base: Files, head: Files): Promise<{ base: string; head: string }> {
  await mkdir(dir, { recursive: true });
  const baseSha = await baseRepo(dir, base, "update");
  return { base: baseSha, head: await push(dir, head) };
}

async function push(dir: string, files: Files): Promise<string> {
  await writeTree(dir, files);
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "update");
  return git(dir, "rev-parse", "HEAD");
}

/** actions/checkout with its default fetch-depth: 1. */
function shallowCheckout(originDir: string, into: string): string {
  execFileSync("git", ["clone", "-q", "--depth=1", "--branch", "update", `file://${originDir}`, into]);
  return into;
}

interface Job {
  checkout: string;
  summary: string;
  env: NodeJS.ProcessEnv;
}

let jobs = 0;
/** The environment Actions gives a step, for a pull_request event about `repo`'s PR #number. */
async function job(repo: SimRepo, number: number, shas: { base: string; head: string }, checkout: string) {
  const dir = path.join(tmp.dir, `job-${++jobs}`);
  await mkdir(dir);
  const event = sim.payloads.pullRequest({ action: "synchronize", number, repo });
  event.pull_request.head.sha = shas.head;
  event.pull_request.base.sha = shas.base;
  const eventPath = path.join(dir, "event.json");
  await writeFile(eventPath, JSON.stringify(event));
  const summary = path.join(dir, "step-summary.md");
  await writeFile(summary, "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: repo.fullName,
    GITHUB_WORKSPACE: checkout,
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_SERVER_URL: sim.url,
    GITHUB_API_URL: sim.apiUrl,
    GITHUB_TOKEN: "ghs_job_token",
  };
  return { checkout, summary, env } satisfies Job;
}

const BASE: Files = { ...README, ...models(12, { version: "1.0.0", auc: 0.9 }) };
// Every metric changed and no version bumped: 12 × version.not-bumped, more than GitHub annotates.
const HEAD: Files = models(12, { version: "1.0.0", auc: 0.91 });

describe("modelgate ci", () => {
  it("annotates, writes the job summary and one sticky comment; a forged marker is left alone", async () => {
    const repo = sim.state.addRepo({ owner: "acme", name: "ci-models" });
    repo.commit(BASE, repo.defaultBranch, "base");
    repo.createBranch("update");
    repo.commit(HEAD, "update", "head");
    const pull = repo.openPullRequest({ head: "update", user: "alice" });
    const forged = "<!-- modelgate:sticky -->\n**✅ modelgate: success** (not really)";
    const userComment = repo.addComment(pull.number, forged, "mallory");

    const originDir = path.join(tmp.dir, "origin");
    const shas = await origin(originDir, BASE, HEAD);
    const first = await job(repo, pull.number, shas, shallowCheckout(originDir, path.join(tmp.dir, "co-1")));
    expect(git(first.checkout, "rev-parse", "--is-shallow-repository")).toBe("true");

    sim.reset();
    const run = await runCli(["ci", "--comment"], first.checkout, first.env);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const out = run.stdout.split("\n");
    expect(out).toContain(
      `modelgate: fetching the PR's base commit ${shas.base.slice(0, 7)} (the checkout is shallow)`,
    );
    const errors = out.filter((l) => l.startsWith("::error "));
    expect(errors).toHaveLength(10);
    expect(errors[0]).toMatch(
      /^::error file=models\/m0\/MODEL_CARD\.md,line=3,title=version\.not-bumped::m0: .*1\.0\.0/,
    );
    expect(out).toContain(
      "modelgate: 2 more errors not annotated (GitHub shows 10 of each kind per step); the report above and the job summary list them all",
    );
    // The text report (which quotes PR files) is shielded from command parsing, then resumed.
    const stop = out.find((l) => l.startsWith("::stop-commands::"))?.slice("::stop-commands::".length);
    expect(stop).toMatch(/^[0-9a-f]{32}$/);
    expect(out.indexOf(`::${stop}::`)).toBeLessThan(out.indexOf(errors[0] ?? ""));
    expect(out).toContain(
      `  policy: the defaults (no .github/modelgate.yml in the PR's base commit ${shas.base.slice(0, 7)})`,
    );

    const summary = await readFile(first.summary, "utf8");
    expect(summary).toMatch(/^\*\*❌ modelgate: failure\*\* — 12 models · 12 errors/);
    expect(summary.match(/version\.not-bumped/g)?.length).toBeGreaterThanOrEqual(12);
    expect(summary).toContain(`${sim.url}/${repo.fullName}/blob/${shas.head}/models/m11/MODEL_CARD.md`);

    expect(writeLines(sim)).toEqual([`POST /repos/${repo.fullName}/issues/${pull.number}/comments`]);
    const ours = commentsOf(repo).filter((c) => c.id !== userComment.id);
    expect(ours).toHaveLength(1);
    expect(ours[0]?.user.login).toBe("github-actions[bot]");
    expect(ours[0]?.body).toMatch(/^<!-- modelgate:sticky -->\n\*\*❌ modelgate: failure\*\*/);

    // A push that bumps m0: a new job, a new shallow checkout; the same comment is updated.
    const head2 = await push(originDir, models(1, { version: "1.0.1", auc: 0.91 }));
    const second = await job(
      repo,
      pull.number,
      { base: shas.base, head: head2 },
      shallowCheckout(originDir, path.join(tmp.dir, "co-2")),
    );
    sim.reset();
    const run2 = await runCli(["ci", "--comment"], second.checkout, second.env);
    expect(run2.code).toBe(1);
    expect(run2.stdout.split("\n").filter((l) => l.startsWith("::error "))).toHaveLength(10);
    expect(run2.stdout).toContain("modelgate: 1 more error not annotated");
    expect(writeLines(sim)).toEqual([`PATCH /repos/${repo.fullName}/issues/comments/${ours[0]?.id}`]);
    expect(commentsOf(repo)).toHaveLength(2);
    expect(repo.comments.get(ours[0]?.id ?? 0)?.body).toContain("11 errors");
    expect(repo.comments.get(userComment.id)?.body).toBe(forged);
    expect(await readFile(second.summary, "utf8")).toMatch(
      /^\*\*❌ modelgate: failure\*\* — 12 models · 11 errors/,
    );

    // The same job re-run: nothing changed, nothing written.
    sim.reset();
    const run3 = await runCli(["ci", "--comment"], second.checkout, second.env);
    expect(run3.code).toBe(1);
    expect(run3.stdout).toContain("modelgate: PR comment unchanged");
    expect(writeLines(sim)).toEqual([]);
    expect(commentsOf(repo)).toHaveLength(2);
  });

  it("without --comment: annotations and summary, no request to GitHub; exit 0 on success", async () => {
    const repo = sim.state.addRepo({ owner: "acme", name: "ci-quiet" });
    const base: Files = { ...README, ...models(1, { version: "1.0.0", auc: 0.9 }) };
    const originDir = path.join(tmp.dir, "origin-quiet");
    const shas = await origin(originDir, base, models(1, { version: "1.0.1", auc: 0.91 }));
    repo.commit(base, repo.defaultBranch, "base");
    repo.createBranch("update");
    const pull = repo.openPullRequest({ head: "update", user: "alice" });
    const j = await job(repo, pull.number, shas, shallowCheckout(originDir, path.join(tmp.dir, "co-quiet")));
    sim.reset();
    const run = await runCli(["ci"], j.checkout, j.env);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).not.toMatch(/^::(error|warning) /m);
    expect(await readFile(j.summary, "utf8")).toMatch(/^\*\*✅ modelgate: success\*\*/);
    expect(sim.requests).toEqual([]);
  });

  it("a job in a subfolder (working-directory: ml): annotations and links carry the repository path", async () => {
    const under = (files: Files): Files =>
      Object.fromEntries(Object.entries(files).map(([p, text]) => [`ml/${p}`, text]));
    const repo = sim.state.addRepo({ owner: "acme", name: "ci-monorepo" });
    const base: Files = { ...README, ...under(models(1, { version: "1.0.0", auc: 0.9 })) };
    const originDir = path.join(tmp.dir, "origin-monorepo");
    const shas = await origin(originDir, base, under(models(1, { version: "1.0.0", auc: 0.91 })));
    repo.commit(base, repo.defaultBranch, "base");
    repo.createBranch("update");
    const pull = repo.openPullRequest({ head: "update", user: "alice" });
    const checkout = shallowCheckout(originDir, path.join(tmp.dir, "co-monorepo"));
    const j = await job(repo, pull.number, shas, checkout);
    const run = await runCli(["ci"], path.join(checkout, "ml"), j.env);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::error file=ml\/models\/m0\/MODEL_CARD\.md,line=3,title=version\.not-bumped::m0: /m,
    );
    expect(await readFile(j.summary, "utf8")).toContain(
      `${sim.url}/${repo.fullName}/blob/${shas.head}/ml/models/m0/MODEL_CARD.md`,
    );
  });

  it("another token's bot (MODELGATE_COMMENT_AUTHOR): its own comment is found and updated", async () => {
    // A workflow that comments with an App's installation token writes as that App's bot.
    const appSim = await createSimulator({ slug: "acme-ci" });
    try {
      const repo = appSim.state.addRepo({ owner: "acme", name: "ci-app-token" });
      const base: Files = { ...README, ...models(1, { version: "1.0.0", auc: 0.9 }) };
      const originDir = path.join(tmp.dir, "origin-app-token");
      const shas = await origin(originDir, base, models(1, { version: "1.0.0", auc: 0.91 }));
      repo.commit(base, repo.defaultBranch, "base");
      repo.createBranch("update");
      const pull = repo.openPullRequest({ head: "update", user: "alice" });
      const checkout = shallowCheckout(originDir, path.join(tmp.dir, "co-app-token"));
      const j = await job(repo, pull.number, shas, checkout);
      const env = { ...j.env, GITHUB_API_URL: appSim.apiUrl, MODELGATE_COMMENT_AUTHOR: "acme-ci[bot]" };
      expect((await runCli(["ci", "--comment"], checkout, env)).code).toBe(1);
      const head2 = await push(originDir, models(1, { version: "1.0.1", auc: 0.91 }));
      const checkout2 = shallowCheckout(originDir, path.join(tmp.dir, "co-app-token-2"));
      const j2 = await job(repo, pull.number, { base: shas.base, head: head2 }, checkout2);
      appSim.reset();
      const second = await runCli(["ci", "--comment"], checkout2, { ...j2.env, ...pick(env) });
      expect(second.code).toBe(0);
      expect(writeLines(appSim)).toEqual([
        expect.stringMatching(new RegExp(`^PATCH /repos/${repo.fullName}/issues/comments/\\d+$`)),
      ]);
      expect(commentsOf(repo).map((c) => c.user.login)).toEqual(["acme-ci[bot]"]);

      const bad = await runCli(["ci", "--comment"], checkout, { ...env, MODELGATE_COMMENT_AUTHOR: "a b" });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/^modelgate: MODELGATE_COMMENT_AUTHOR must be a GitHub login/);
    } finally {
      await appSim.close();
    }
  });

  it("a push event: a clear message, exit 2", async () => {
    const eventPath = path.join(tmp.dir, "push-event.json");
    await writeFile(eventPath, JSON.stringify({ ref: "refs/heads/main", after: "a".repeat(40) }));
    const env = {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: "push",
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_API_URL: sim.apiUrl,
    };
    sim.reset();
    const run = await runCli(["ci", "--comment"], tmp.dir, env);
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(
      "modelgate: `modelgate ci` evaluates pull requests, and this job runs on a push event: run it under `on: pull_request`, or use `modelgate check --base REF` for other events",
    );
    expect(sim.requests).toEqual([]);
  });

  it("action.yml: its step runs `modelgate ci` with the inputs policy and comment", async () => {
    const action = parse(await readFile(path.join(REPO, "action.yml"), "utf8")) as ActionYml;
    expect(Object.keys(action.inputs)).toEqual(["policy", "comment", "version"]);
    expect(action.runs.using).toBe("composite");
    const step = action.runs.steps.find((s) => s.name === "modelgate ci");
    // Inputs are handed over as variables: text in an input cannot become shell code.
    const expr = (e: string) => `\${{ ${e} }}`;
    for (const s of action.runs.steps) expect(s.run).not.toContain("${{");
    expect(step?.env).toMatchObject({
      GITHUB_TOKEN: expr("github.token"),
      MODELGATE_COMMENT: expr("inputs.comment"),
      MODELGATE_POLICY: expr("inputs.policy"),
    });

    const repo = sim.state.addRepo({ owner: "acme", name: "ci-action" });
    const base: Files = { ...README, ...models(1, { version: "1.0.0", auc: 0.9 }) };
    const head: Files = { ...models(1, { version: "1.0.0", auc: 0.91 }), "ci/lenient.yml": LENIENT };
    const originDir = path.join(tmp.dir, "origin-action");
    const shas = await origin(originDir, base, head);
    repo.commit(base, repo.defaultBranch, "base");
    repo.createBranch("update");
    const pull = repo.openPullRequest({ head: "update", user: "alice" });
    const j = await job(repo, pull.number, shas, shallowCheckout(originDir, path.join(tmp.dir, "co-action")));
    sim.reset();
    const run = await bash(step?.run ?? "", j.checkout, {
      ...j.env,
      MODELGATE_POLICY: "ci/lenient.yml",
      MODELGATE_COMMENT: "true",
      MODELGATE_VERSION: "",
      MODELGATE_ACTION_PATH: REPO,
    });
    // versioning in warn mode: the missing bump is a warning, and the check passes.
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^::warning file=models\/m0\/MODEL_CARD\.md,line=3,title=version\.not-bumped::/m,
    );
    expect(run.stdout).toContain("  policy: ci/lenient.yml (--policy)");
    expect(writeLines(sim)).toEqual([`POST /repos/${repo.fullName}/issues/${pull.number}/comments`]);
  });
});

const pick = (env: NodeJS.ProcessEnv) => ({
  GITHUB_API_URL: env.GITHUB_API_URL,
  MODELGATE_COMMENT_AUTHOR: env.MODELGATE_COMMENT_AUTHOR,
});

const LENIENT = "version: 1\ngates:\n  versioning: { mode: warn }\n";

interface ActionYml {
  inputs: Record<string, { description: string; default: string }>;
  runs: { using: string; steps: Array<{ name: string; run?: string; env?: Record<string, string> }> };
}

function bash(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile("bash", ["-e", "-c", script], { cwd, env, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      resolve({ code: err ? Number(err.code) : 0, stdout });
    });
  });
}
