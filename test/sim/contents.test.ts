import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSimulator, type GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { OWNER, octokitFor, REPO, startWithPull } from "./helpers.ts";

let sim: GitHubSimulator;
afterEach(() => sim.close());

async function folder(files: Record<string, string | Buffer>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "sim-"));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

describe("contents and trees", () => {
  it("returns a file base64-encoded at a ref, and the default branch without one", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const head = sim.repo.pull(1).head.sha;
    const params = { owner: OWNER, repo: REPO, path: "models/a/card.md" };
    const atHead = await started.octokit.rest.repos.getContent({ ...params, ref: head });
    const atMain = await started.octokit.rest.repos.getContent(params);
    const text = (data: unknown) =>
      data !== null && typeof data === "object" && "content" in data && typeof data.content === "string"
        ? Buffer.from(data.content, "base64").toString("utf8")
        : undefined;
    expect(text(atHead.data)).toBe("name: a\nversion: 1.1.0\n");
    expect(text(atMain.data)).toBe("name: a\nversion: 1.0.0\n");
    expect(atHead.data).toMatchObject({
      type: "file",
      encoding: "base64",
      size: 23,
      path: "models/a/card.md",
    });
  });

  it("answers 404 for a missing file and for a repository it does not hold", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const missing = started.octokit.rest.repos.getContent({ owner: OWNER, repo: REPO, path: "nope.yml" });
    await expect(missing).rejects.toMatchObject({ status: 404 });
    const orgRepo = started.octokit.rest.repos.getContent({ owner: OWNER, repo: ".github", path: "x.yml" });
    await expect(orgRepo).rejects.toMatchObject({ status: 404 });
  });

  it("serves Probot's config reader (raw media type) and its org fallback", async () => {
    const started = await startWithPull();
    sim = started.sim;
    sim.repo.commit({ ".github/modelgate.yml": "checks:\n  name: gate\n" }, "main");
    const found = await started.octokit.config.get({
      owner: OWNER,
      repo: REPO,
      path: ".github/modelgate.yml",
    });
    expect(found.config).toEqual({ checks: { name: "gate" } });
    const absent = await started.octokit.config.get({ owner: OWNER, repo: REPO, path: ".github/other.yml" });
    expect(absent.config).toEqual({});
    const paths = sim.requests.map((r) => r.path);
    expect(paths).toContain("/repos/acme/models/contents/.github/modelgate.yml");
    expect(paths).toContain("/repos/acme/.github/contents/.github/other.yml");
  });

  it("lists a recursive tree with sizes", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const { data } = await started.octokit.rest.git.getTree({
      owner: OWNER,
      repo: REPO,
      tree_sha: "update",
      recursive: "1",
    });
    expect(data.tree.map((e) => [e.path, e.type, e.size])).toEqual([
      ["README.md", "blob", 9],
      ["models", "tree", undefined],
      ["models/a", "tree", undefined],
      ["models/a/card.md", "blob", 23],
      ["models/b", "tree", undefined],
      ["models/b/card.md", "blob", 8],
    ]);
    const models = data.tree.find((e) => e.path === "models");
    const sub = await started.octokit.rest.git.getTree({
      owner: OWNER,
      repo: REPO,
      tree_sha: models?.sha ?? "",
    });
    expect(sub.data.tree.map((e) => e.path)).toEqual(["a", "b"]);
  });

  it("loads two folders as base and head and opens PR #1; binary files are kept as sizes", async () => {
    sim = await createSimulator();
    const weights = Buffer.from([0, 1, 2, 3, 0, 255]);
    const base = await folder({ "models/m/card.md": "v1\n", "models/m/w.bin": weights });
    const head = await folder({ "models/m/card.md": "v2\n", "models/n/w.bin": weights });
    const { pull, headSha } = await sim.loadRepoFromFolders(base, head);
    expect(pull.number).toBe(1);
    expect(sim.repo.commits.get(headSha)?.tree.get("models/n/w.bin")).toEqual({
      bytes: 6,
      oid: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
    const { data } = await octokitFor(sim).rest.pulls.listFiles({
      owner: "acme",
      repo: "models",
      pull_number: 1,
    });
    expect(data.map((f) => [f.filename, f.status, f.previous_filename])).toEqual([
      ["models/m/card.md", "modified", undefined],
      ["models/n/w.bin", "renamed", "models/m/w.bin"],
    ]);
  });
});
