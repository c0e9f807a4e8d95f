import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { starterPolicy } from "../../src/cli/starter-policy.ts";
import { cardText } from "../core/engine/repo-builders.ts";
import { git as gitIn, runCli, tempDir } from "./run-cli.ts";

/** `modelgate init [--force]`, then `modelgate check`, in a new git repository. */

let tmp: Awaited<ReturnType<typeof tempDir>>;
let repo: string;
const git = (...args: string[]) => gitIn(repo, ...args);
const read = (rel: string) => readFile(path.join(repo, rel), "utf8");

beforeEach(async () => {
  tmp = await tempDir();
  repo = path.join(tmp.dir, "fraud-model");
  await mkdir(repo);
  git("init", "-q", "-b", "main");
});
afterEach(() => tmp?.remove());

interface Json {
  conclusion: string;
  models: { name: string; card: string; version: string | null }[];
  findings: { code: string; file: string | null; line: number | null }[];
}

describe("modelgate init", () => {
  it("writes the starter policy and a card template; `check` then names what to fill in", async () => {
    const init = await runCli(["init"], repo);
    expect(init).toMatchObject({ code: 0, stderr: "" });
    expect(init.stdout).toContain("wrote .github/modelgate.yml");
    expect(init.stdout).toContain("wrote MODEL_CARD.md");
    expect(await read(".github/modelgate.yml")).toBe(starterPolicy());

    const validate = await runCli(["policy", "validate"], repo);
    expect(validate).toMatchObject({ code: 0, stdout: ".github/modelgate.yml: valid\n" });

    // Nothing committed yet: everything is new, and the defaults govern.
    const text = await runCli(["check"], repo);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^modelgate: failure — 1 model · 7 errors/);
    expect(text.stdout).toContain(
      "policy: the defaults (no .github/modelgate.yml in the empty base (no commit yet))",
    );
    const json = JSON.parse((await runCli(["check", "--format", "json"], repo)).stdout) as Json;
    expect(json.models).toEqual([
      expect.objectContaining({ name: "fraud-model", card: "MODEL_CARD.md", version: "0.1.0" }),
    ]);
    expect(json.findings.map((f) => `${f.code} ${f.file}:${f.line}`).sort()).toEqual(
      [
        "doc.empty-section MODEL_CARD.md:13",
        "doc.empty-section MODEL_CARD.md:17",
        "doc.empty-section MODEL_CARD.md:21",
        "doc.empty-section MODEL_CARD.md:25",
        "doc.missing-field MODEL_CARD.md:4",
        "doc.no-owner MODEL_CARD.md:5",
        "lineage.missing-manifest MODEL_CARD.md:1",
        "policy.changed .github/modelgate.yml:1",
      ].sort(),
    );
  });

  it("never overwrites without --force; --force rewrites the policy, never a card", async () => {
    await runCli(["init"], repo);
    await writeFile(path.join(repo, ".github/modelgate.yml"), "version: 1\n");
    await writeFile(path.join(repo, "MODEL_CARD.md"), "# mine\n");

    const again = await runCli(["init"], repo);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      "modelgate: .github/modelgate.yml exists; not overwritten (--force overwrites it)\n",
    );
    expect(again.stdout).toContain("a model card exists (MODEL_CARD.md): no template written");
    expect(await read(".github/modelgate.yml")).toBe("version: 1\n");
    expect(await read("MODEL_CARD.md")).toBe("# mine\n");

    const forced = await runCli(["init", "--force"], repo);
    expect(forced.code).toBe(0);
    expect(await read(".github/modelgate.yml")).toBe(starterPolicy());
    expect(await read("MODEL_CARD.md")).toBe("# mine\n");
  });

  it("writes no template when the repository has a card somewhere", async () => {
    await mkdir(path.join(repo, "models/churn"), { recursive: true });
    await writeFile(path.join(repo, "models/churn/MODEL_CARD.md"), cardText({ name: "churn" }));
    const init = await runCli(["init"], repo);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("a model card exists (models/churn/MODEL_CARD.md): no template written");
    await expect(read("MODEL_CARD.md")).rejects.toThrow(/ENOENT/);
  });

  it("a plain README.md is not a card: the template is written; a Hugging Face README.md is one", async () => {
    await writeFile(path.join(repo, "README.md"), "# fraud-model\n\nScripts to train it.\n");
    const plain = await runCli(["init"], repo);
    expect(plain.stdout).toContain("wrote MODEL_CARD.md");

    const other = path.join(tmp.dir, "hub-model");
    await mkdir(other);
    await writeFile(
      path.join(other, "README.md"),
      "---\nlicense: mit\nlibrary_name: transformers\n---\n# hub-model\n",
    );
    const hub = await runCli(["init"], other);
    expect(hub.code).toBe(0);
    expect(hub.stdout).toContain("a model card exists (README.md): no template written");
    await expect(readFile(path.join(other, "MODEL_CARD.md"), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("after the first commit, check compares with it: the policy of the base governs", async () => {
    await runCli(["init"], repo);
    git("add", ".");
    git("commit", "-q", "-m", "modelgate init");
    const check = await runCli(["check"], repo);
    expect(check.code).toBe(0);
    const sha = git("rev-parse", "--short=7", "HEAD").trim();
    expect(check.stdout).toBe(
      [
        "modelgate: neutral — no model changed",
        `  policy: .github/modelgate.yml of the merge-base with main (${sha})`,
        "  this PR changes no model card, manifest or artifact, and not the policy",
        "",
      ].join("\n"),
    );
  });
});
