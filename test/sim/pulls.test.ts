import { afterEach, describe, expect, it } from "vitest";
import type { GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { createSimulator } from "../../src/sim/github-simulator.ts";
import { OWNER, octokitFor, REPO, startWithPull } from "./helpers.ts";

let sim: GitHubSimulator;
afterEach(() => sim.close());

describe("pull requests", () => {
  it("serves the PR with GitHub's head and base shape", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const { data } = await started.octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 });
    expect(data.number).toBe(1);
    expect(data.state).toBe("open");
    expect(data.title).toBe("Bump a");
    expect(data.user?.login).toBe("alice");
    expect(data.head.ref).toBe("update");
    expect(data.head.sha).toBe(sim.repo.branches.get("update"));
    expect(data.base.sha).toBe(sim.repo.branches.get("main"));
    expect(data.base.repo.full_name).toBe("acme/models");
    expect(data.changed_files).toBe(2);
  });

  it("lists changed files with statuses computed from the trees", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const { data } = await started.octokit.rest.pulls.listFiles({ owner: OWNER, repo: REPO, pull_number: 1 });
    expect(data.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ["models/a/card.md", "modified", 1, 1],
      ["models/b/card.md", "added", 1, 0],
    ]);
  });

  it("detects a rename when a removed file's content reappears, and follows pushes", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const before = sim.repo.pull(1).head.sha;
    const after = sim.pushCommit(1, {
      "models/a/card.md": null,
      "models/a2/card.md": "name: a\nversion: 1.0.0\n",
    });
    expect(after).not.toBe(before);
    const { data } = await started.octokit.rest.pulls.listFiles({ owner: OWNER, repo: REPO, pull_number: 1 });
    const renamed = data.find((f) => f.status === "renamed");
    expect(renamed).toMatchObject({
      filename: "models/a2/card.md",
      previous_filename: "models/a/card.md",
      changes: 0,
    });
    expect(data.map((f) => f.filename)).toEqual(["models/a2/card.md", "models/b/card.md"]);
  });

  it("paginates 250 files over 3 pages with a Link header", async () => {
    sim = await createSimulator();
    sim.repo.commit({ "README.md": "x" }, "main");
    sim.repo.createBranch("many");
    const files = Object.fromEntries(
      Array.from({ length: 250 }, (_, i) => [`f/${String(i).padStart(3, "0")}.txt`, `${i}`]),
    );
    sim.repo.commit({ "README.md": "x", ...files }, "many");
    sim.repo.openPullRequest({ head: "many" });
    const octokit = octokitFor(sim);
    const first = await octokit.rest.pulls.listFiles({
      owner: "acme",
      repo: "models",
      pull_number: 1,
      per_page: 100,
    });
    expect(first.data).toHaveLength(100);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toContain(
      `${sim.apiUrl}/repos/acme/models/pulls/1/files?per_page=100&page=3>; rel="last"`,
    );
    const all = await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner: "acme",
      repo: "models",
      pull_number: 1,
      per_page: 100,
    });
    expect(all).toHaveLength(250);
    expect(all[249]?.filename).toBe("f/249.txt");
    const pages = sim.requests.filter((r) => r.path.includes("/files"));
    expect(pages.map((r) => r.path.replace(/.*\?/, ""))).toEqual([
      "per_page=100",
      "per_page=100",
      "per_page=100&page=2",
      "per_page=100&page=3",
    ]);
  });

  it("caps the file listing at 3,000 like GitHub", async () => {
    sim = await createSimulator();
    sim.repo.commit({}, "main");
    sim.repo.createBranch("huge");
    sim.repo.commit(Object.fromEntries(Array.from({ length: 3005 }, (_, i) => [`f${i}`, `${i}`])), "huge");
    sim.repo.openPullRequest({ head: "huge" });
    const octokit = octokitFor(sim);
    const all = await octokit.paginate(octokit.rest.pulls.listFiles, {
      owner: "acme",
      repo: "models",
      pull_number: 1,
      per_page: 100,
    });
    expect(all).toHaveLength(3000);
  });

  it("finds PRs by head commit and by head branch", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const sha = sim.repo.pull(1).head.sha;
    const bySha = await started.octokit.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: OWNER,
      repo: REPO,
      commit_sha: sha,
    });
    expect(bySha.data.map((p) => p.number)).toEqual([1]);
    const byHead = await started.octokit.rest.pulls.list({
      owner: OWNER,
      repo: REPO,
      state: "open",
      head: "acme:update",
    });
    expect(byHead.data.map((p) => p.number)).toEqual([1]);
    sim.repo.mergePullRequest(1);
    const open = await started.octokit.rest.pulls.list({ owner: OWNER, repo: REPO, state: "open" });
    expect(open.data).toEqual([]);
    const merged = await started.octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 });
    expect(merged.data).toMatchObject({ state: "closed", merged: true });
  });

  it("answers 404 with GitHub's message for unknown PRs and routes", async () => {
    const started = await startWithPull();
    sim = started.sim;
    await expect(
      started.octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 9 }),
    ).rejects.toMatchObject({
      status: 404,
    });
    const response = await fetch(`${sim.url}/nothing/here`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ message: "Not Found" });
  });
});

describe("several repositories", () => {
  it("keeps each repository's PRs apart and builds payloads for the one named", async () => {
    sim = await createSimulator();
    const other = sim.state.addRepo({ owner: "acme", name: "other", defaultBranch: "trunk" });
    other.commit({ "a.txt": "1" }, "trunk");
    other.createBranch("feature");
    other.commit({ "a.txt": "2" }, "feature");
    other.openPullRequest({ head: "feature", title: "Other" });
    const octokit = octokitFor(sim);
    const pull = await octokit.rest.pulls.get({ owner: "ACME", repo: "Other", pull_number: 1 });
    expect(pull.data).toMatchObject({ title: "Other", base: { ref: "trunk" } });
    await expect(
      octokit.rest.pulls.get({ owner: "acme", repo: "models", pull_number: 1 }),
    ).rejects.toMatchObject({
      status: 404,
    });
    const payload = sim.payloads.pullRequest({ action: "opened", number: 1, repo: other });
    expect(payload.repository).toMatchObject({ full_name: "acme/other", default_branch: "trunk" });
  });
});
