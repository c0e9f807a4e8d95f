import { afterEach, describe, expect, it } from "vitest";
import type { GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { OWNER, REPO, startWithPull } from "./helpers.ts";

let sim: GitHubSimulator;
afterEach(() => sim.close());

const annotation = (line: number) => ({
  path: "models/a/card.md",
  start_line: line,
  end_line: line,
  annotation_level: "warning" as const,
  message: `finding ${line}`,
});

describe("check runs", () => {
  it("creates, updates (appending annotations) and reads back a check run", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const headSha = sim.repo.pull(1).head.sha;
    const { octokit } = started;
    const created = await octokit.rest.checks.create({
      owner: OWNER,
      repo: REPO,
      name: "modelgate",
      head_sha: headSha,
      status: "in_progress",
      output: { title: "t", summary: "s", annotations: [annotation(1)] },
    });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ name: "modelgate", status: "in_progress", conclusion: null });
    expect(created.data.app?.slug).toBe("modelgate");
    expect(created.data.pull_requests.map((p) => p.number)).toEqual([1]);
    const id = created.data.id;
    await octokit.rest.checks.update({
      owner: OWNER,
      repo: REPO,
      check_run_id: id,
      conclusion: "failure",
      output: { title: "1 error", summary: "sum", annotations: [annotation(2), annotation(3)] },
    });
    const read = await octokit.rest.checks.get({ owner: OWNER, repo: REPO, check_run_id: id });
    expect(read.data).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(read.data.output).toMatchObject({ title: "1 error", summary: "sum", annotations_count: 3 });
    expect(sim.repo.checkRuns.get(id)?.output.annotations.map((a) => a.start_line)).toEqual([1, 2, 3]);
  });

  it("rejects more than 50 annotations in one request with 422", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const annotations = Array.from({ length: 51 }, (_, i) => annotation(i + 1));
    const request = started.octokit.rest.checks.create({
      owner: OWNER,
      repo: REPO,
      name: "modelgate",
      head_sha: sim.repo.pull(1).head.sha,
      output: { title: "t", summary: "s", annotations },
    });
    await expect(request).rejects.toMatchObject({ status: 422 });
    expect(sim.repo.checkRuns.size).toBe(0);
  });

  it("lists the latest run per name for a ref, filtered by name and app", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const headSha = sim.repo.pull(1).head.sha;
    sim.repo.addCheckRun({ name: "modelgate", headSha, conclusion: "failure" });
    const latest = sim.repo.addCheckRun({ name: "modelgate", headSha, conclusion: "success" });
    sim.repo.addCheckRun({ name: "ci/tests", headSha, conclusion: "success", appId: 99 });
    const params = { owner: OWNER, repo: REPO, ref: headSha };
    const all = await started.octokit.rest.checks.listForRef(params);
    expect(all.data.total_count).toBe(2);
    const mine = await started.octokit.rest.checks.listForRef({
      ...params,
      check_name: "modelgate",
      app_id: 1,
    });
    expect(mine.data.check_runs.map((r) => [r.id, r.conclusion])).toEqual([[latest.id, "success"]]);
    const byBranch = await started.octokit.rest.checks.listForRef({
      ...params,
      ref: "update",
      filter: "all",
    });
    expect(byBranch.data.total_count).toBe(3);
  });
});
