import { execFile, execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Tree } from "../core/engine/memory-snapshot.ts";

/** The repository root, and the real `modelgate` binary in it. */
export const REPO = fileURLToPath(new URL("../..", import.meta.url));
const BIN = path.join(REPO, "bin", "modelgate.js");
export const DEMO = {
  base: path.join(REPO, "fixtures/demo/base"),
  head: path.join(REPO, "fixtures/demo/head"),
};

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/modelgate.js ...args` in `cwd`; resolves with the exit code, never rejects on one.
 * `env` replaces the environment (default: this process's).
 */
export function runCli(args: string[], cwd = REPO, env?: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, maxBuffer: 64 * 1024 * 1024, ...(env ? { env } : {}) },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== "number") reject(err);
        else resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
      },
    );
  });
}

/** Writes a tree under `root`. */
export async function writeTree(root: string, tree: Tree): Promise<void> {
  for (const [rel, text] of Object.entries(tree)) {
    const file = path.join(root, ...rel.split("/"));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, text);
  }
}

/** A fresh temporary folder, and a function that removes it. */
export async function tempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "modelgate-cli-"));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Base and head folders in a temporary folder, written from trees. */
export async function folderPair(base: Tree, head: Tree) {
  const tmp = await tempDir();
  const dirs = { base: path.join(tmp.dir, "base"), head: path.join(tmp.dir, "head") };
  await mkdir(dirs.base, { recursive: true });
  await mkdir(dirs.head, { recursive: true });
  await writeTree(dirs.base, base);
  await writeTree(dirs.head, head);
  return { ...dirs, root: tmp.dir, remove: tmp.remove };
}

/** The stack-trace lines Node prints for an uncaught error. */
export const STACK_TRACE = /^\s+at .+\(?.*:\d+:\d+\)?$/m;

/** Runs git in `cwd` with a fixed author; returns its output, trimmed. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();
}

/**
 * A git repository in `dir`: `tree` committed as "base" on `main`, then, when `branch` is given,
 * that branch checked out from it. Returns the base commit.
 */
export async function baseRepo(dir: string, tree: Tree, branch?: string): Promise<string> {
  await writeTree(dir, tree);
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "base");
  const sha = git(dir, "rev-parse", "HEAD");
  if (branch) git(dir, "checkout", "-q", "-b", branch);
  return sha;
}
