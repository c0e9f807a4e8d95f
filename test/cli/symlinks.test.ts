import { execFileSync } from "node:child_process";
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardText, manifestText, metricsText, model } from "../core/engine/repo-builders.ts";
import { baseRepo, git as gitIn, runCli, STACK_TRACE, tempDir, writeTree } from "./run-cli.ts";

/**
 * SPEC §1.3: the CLI never leaves the repository. Real links, a real FIFO, the real CLI. A link to
 * /proc/self/environ would print the CI job's secrets if followed; a FIFO would hang the read.
 */

// The CLI inherits this; it must never show up in what the CLI prints.
const SECRET = "modelgate-test-secret-5e1f0c";
process.env.MODELGATE_SYMLINK_TEST_SECRET = SECRET;
const OUTSIDE_MARK = "outside-the-repository-7d2a";

interface Json {
  models: Array<{ name: string }>;
  findings: Array<{ code: string; file: string | null; message: string }>;
}

let tmp: Awaited<ReturnType<typeof tempDir>>;
let outside: string;
beforeAll(async () => {
  tmp = await tempDir();
  // A folder beside the checkouts: a card, a metrics file, a whole model, none of them ours.
  outside = path.join(tmp.dir, "outside");
  await writeTree(outside, {
    "MODEL_CARD.md": cardText({ name: OUTSIDE_MARK }),
    "metrics.json": '{"auc": 0.123456}\n',
    ...model("model", { name: `${OUTSIDE_MARK}-folder` }),
  });
});
afterAll(() => tmp?.remove());

const mkfifo = (file: string) => execFileSync("mkfifo", [file]);

/** The hostile links and files, planted in `root` (a head folder or a work tree). */
async function plant(root: string): Promise<void> {
  await writeTree(root, {
    ...model("models/ok", { name: "ok" }),
    // A manifest whose metrics file is reached through a linked folder.
    "models/through/MODEL_CARD.md": cardText({ name: "through" }),
    "models/through/experiment.yaml": manifestText({ name: "through" }).replace(
      "metrics_file: metrics.json",
      "metrics_file: data/metrics.json",
    ),
    // A manifest whose metrics file is a FIFO: opening it for reading would block forever.
    "models/fifo/MODEL_CARD.md": cardText({ name: "fifo" }),
    "models/fifo/experiment.yaml": manifestText({ name: "fifo" }),
    // Not a link, but not text either: reported as binary, never as too large.
    "models/binary/MODEL_CARD.md": `---\nname: binary\n---\n\u0000\u0001\u0002 weights\n`,
  });
  await mkdir(path.join(root, "models/environ"), { recursive: true });
  await symlink("/proc/self/environ", path.join(root, "models/environ/MODEL_CARD.md"));
  await mkdir(path.join(root, "models/escape"), { recursive: true });
  await symlink(path.join(outside, "MODEL_CARD.md"), path.join(root, "models/escape/MODEL_CARD.md"));
  await symlink(outside, path.join(root, "models/through/data"));
  await symlink(path.join(outside, "model"), path.join(root, "models/linked-folder"));
  mkfifo(path.join(root, "models/fifo/metrics.json"));
}

function expectNothingFromOutside(out: string): void {
  expect(out).not.toContain(SECRET);
  expect(out).not.toContain(OUTSIDE_MARK);
  expect(out).not.toContain("0.123456");
  expect(out).not.toMatch(STACK_TRACE);
}

describe("folder mode: a path that is or passes through a link is refused", () => {
  let run: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    const base = path.join(tmp.dir, "base");
    const head = path.join(tmp.dir, "head");
    await mkdir(base, { recursive: true });
    await plant(head);
    // A hang on the FIFO ends in the test timeout: no clock here.
    run = await runCli(["check", "--base-dir", base, "--head-dir", head, "--format", "json"]);
  });

  it("prints nothing from outside the repository", () => {
    expectNothingFromOutside(run.stdout + run.stderr);
    expect(run.stderr).toBe("");
  });

  it("reports each link and the FIFO as parse.unsafe, and still checks the healthy model", () => {
    const json = JSON.parse(run.stdout) as Json;
    const unsafe = json.findings
      .filter((f) => f.code === "parse.unsafe")
      .map((f) => `${f.file}: ${f.message}`);
    expect(unsafe.sort()).toEqual([
      "models/binary/MODEL_CARD.md: models/binary/MODEL_CARD.md is a binary file (33 bytes), not text",
      "models/environ/MODEL_CARD.md: models/environ/MODEL_CARD.md is a symbolic link",
      "models/escape/MODEL_CARD.md: models/escape/MODEL_CARD.md is a symbolic link",
      "models/fifo/metrics.json: models/fifo/metrics.json is not a regular file (a device, FIFO or socket)",
      "models/through/data/metrics.json: models/through/data/metrics.json passes through models/through/data, which is a symbolic link",
    ]);
    expect(json.models.map((m) => m.name).sort()).toEqual(["fifo", "ok", "through"]);
    expect(run.code).toBe(1);
  });
});

describe("git mode: a link is a link (mode 120000), never the file it names", () => {
  let repo: string;
  const git = (...args: string[]) => gitIn(repo, ...args);

  beforeAll(async () => {
    repo = path.join(tmp.dir, "repo");
    await baseRepo(
      repo,
      { "README.md": "# ml\n", ...model("models/base-link", { name: "base-link" }) },
      "feature",
    );
    await plant(repo);
  });

  it("reads links in the work tree as their target's path, and the FIFO not at all", async () => {
    const run = await runCli(["check", "--base", "main", "--format", "json"], repo);
    expectNothingFromOutside(run.stdout + run.stderr);
    expect(run.stderr).toBe("");
    const json = JSON.parse(run.stdout) as Json;
    const fileCodes = (file: string) => json.findings.filter((f) => f.file === file).map((f) => f.code);
    // The linked card is the text "/proc/self/environ": no front matter, so not a card's fields.
    expect(fileCodes("models/environ/MODEL_CARD.md")).toContain("doc.missing-field");
    expect(fileCodes("models/escape/MODEL_CARD.md")).toContain("doc.missing-field");
    // git does not descend through a linked folder: that metrics file does not exist.
    expect(json.findings.some((f) => f.file === "models/through/data/metrics.json")).toBe(false);
    expect(json.findings.find((f) => f.file === "models/fifo/metrics.json")?.message).toBe(
      "models/fifo/metrics.json is not a regular file (a device, FIFO or socket)",
    );
    expect(json.models.map((m) => m.name)).toContain("ok");
  });

  it("reads a committed link at the base as its target's path", async () => {
    const card = path.join(repo, "models/base-link/MODEL_CARD.md");
    git("rm", "-q", "--cached", "models/base-link/MODEL_CARD.md");
    await rm(card);
    await symlink("/proc/self/environ", card);
    git("add", "models/base-link/MODEL_CARD.md");
    git("commit", "-q", "-m", "the card becomes a link");
    await writeFile(
      path.join(repo, "models/base-link/metrics.json"),
      metricsText({ name: "base-link", auc: 0.91 }),
    );
    const run = await runCli(["check", "--base", "HEAD", "--format", "json"], repo);
    expectNothingFromOutside(run.stdout + run.stderr);
    expect(run.stderr).toBe("");
  });
});
