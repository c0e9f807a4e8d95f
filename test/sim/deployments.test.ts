import { afterEach, describe, expect, it } from "vitest";
import type { GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { OWNER, REPO, startWithPull } from "./helpers.ts";

let sim: GitHubSimulator;
afterEach(() => sim.close());

describe("deployments, permissions and teams", () => {
  it("creates deployments and statuses, lists both newest first", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const { octokit } = started;
    const sha = sim.repo.pull(1).head.sha;
    const payload = { modelgate: 1, model: "a", stage: "shadow" };
    const create = (environment: string) =>
      octokit.rest.repos.createDeployment({
        owner: OWNER,
        repo: REPO,
        ref: sha,
        environment,
        payload,
        auto_merge: false,
        required_contexts: [],
      });
    const first = await create("a-shadow");
    sim.advance(1000);
    const second = await create("a-canary");
    expect(first.status).toBe(201);
    const firstId = "id" in first.data ? first.data.id : 0;
    const secondId = "id" in second.data ? second.data.id : 0;
    expect(first.data).toMatchObject({
      sha,
      ref: sha,
      environment: "a-shadow",
      payload,
      production_environment: false,
    });
    const list = await octokit.rest.repos.listDeployments({ owner: OWNER, repo: REPO, sha });
    expect(list.data.map((d) => d.id)).toEqual([secondId, firstId]);
    const filtered = await octokit.rest.repos.listDeployments({
      owner: OWNER,
      repo: REPO,
      environment: "a-shadow",
    });
    expect(filtered.data.map((d) => d.id)).toEqual([firstId]);

    const status = (state: "in_progress" | "success") =>
      octokit.rest.repos.createDeploymentStatus({ owner: OWNER, repo: REPO, deployment_id: firstId, state });
    await status("in_progress");
    sim.advance(5000);
    await status("success");
    const statuses = await octokit.rest.repos.listDeploymentStatuses({
      owner: OWNER,
      repo: REPO,
      deployment_id: firstId,
    });
    expect(statuses.data.map((s) => s.state)).toEqual(["success", "in_progress"]);
    expect(Date.parse(statuses.data[0]?.created_at ?? "")).toBe(sim.now() - (sim.now() % 1000));
  });

  it("marks an earlier deployment to the same environment inactive when a new one succeeds", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const sha = sim.repo.pull(1).head.sha;
    const create = () =>
      started.octokit.rest.repos.createDeployment({
        owner: OWNER,
        repo: REPO,
        ref: sha,
        environment: "a-canary",
        required_contexts: [],
      });
    const old = await create();
    const next = await create();
    const oldId = "id" in old.data ? old.data.id : 0;
    const nextId = "id" in next.data ? next.data.id : 0;
    sim.addDeploymentStatus(oldId, { state: "success" });
    sim.addDeploymentStatus(nextId, { state: "success" });
    expect(sim.repo.statusesOf(oldId).map((s) => s.state)).toEqual(["inactive", "success"]);
  });

  it("refuses a deployment while contexts fail unless required_contexts is empty", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const sha = sim.repo.pull(1).head.sha;
    sim.repo.addCheckRun({ name: "ci", headSha: sha, conclusion: "failure", appId: 7 });
    const params = { owner: OWNER, repo: REPO, ref: sha, environment: "prod" };
    await expect(started.octokit.rest.repos.createDeployment(params)).rejects.toMatchObject({ status: 409 });
    const forced = await started.octokit.rest.repos.createDeployment({ ...params, required_contexts: [] });
    expect(forced.status).toBe(201);
    const unknownRef = started.octokit.rest.repos.createDeployment({
      ...params,
      ref: "nope",
      required_contexts: [],
    });
    await expect(unknownRef).rejects.toMatchObject({ status: 422 });
  });

  it("answers collaborator permissions, read for strangers, and team membership", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const { octokit } = started;
    sim.setPermission("alice", "write", "maintain");
    sim.addTeamMember("acme/ml-leads", "bob");
    const permission = (username: string) =>
      octokit.rest.repos.getCollaboratorPermissionLevel({ owner: OWNER, repo: REPO, username });
    expect((await permission("alice")).data).toMatchObject({
      permission: "write",
      role_name: "maintain",
      user: { login: "alice" },
    });
    expect((await permission("mallory")).data).toMatchObject({ permission: "read", role_name: "read" });
    const membership = await octokit.rest.teams.getMembershipForUserInOrg({
      org: "acme",
      team_slug: "ml-leads",
      username: "bob",
    });
    expect(membership.data).toMatchObject({ state: "active", role: "member" });
    const stranger = octokit.rest.teams.getMembershipForUserInOrg({
      org: "acme",
      team_slug: "ml-leads",
      username: "alice",
    });
    await expect(stranger).rejects.toMatchObject({ status: 404 });
  });

  it("combines commit statuses, pending when there are none", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const { octokit } = started;
    const sha = sim.repo.pull(1).head.sha;
    const empty = await octokit.rest.repos.getCombinedStatusForRef({ owner: OWNER, repo: REPO, ref: sha });
    expect(empty.data).toMatchObject({ state: "pending", total_count: 0, sha });
    await octokit.rest.repos.createCommitStatus({
      owner: OWNER,
      repo: REPO,
      sha,
      state: "success",
      context: "ci",
    });
    const green = await octokit.rest.repos.getCombinedStatusForRef({
      owner: OWNER,
      repo: REPO,
      ref: "update",
    });
    expect(green.data).toMatchObject({ state: "success", total_count: 1 });
  });

  it("the combined status holds the latest status per context, paged by per_page", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const { octokit } = started;
    const sha = sim.repo.pull(1).head.sha;
    for (const [context, state] of [
      ["ci", "pending"],
      ["lint", "success"],
      ["ci", "failure"],
      ["e2e", "success"],
    ] as const)
      await octokit.rest.repos.createCommitStatus({ owner: OWNER, repo: REPO, sha, state, context });
    const first = await octokit.rest.repos.getCombinedStatusForRef({
      owner: OWNER,
      repo: REPO,
      ref: sha,
      per_page: 2,
    });
    expect(first.data).toMatchObject({ state: "failure", total_count: 3 });
    expect(first.data.statuses.map((s) => [s.context, s.state])).toEqual([
      ["e2e", "success"],
      ["ci", "failure"],
    ]);
    expect(first.headers.link).toContain('rel="next"');
    const second = await octokit.rest.repos.getCombinedStatusForRef({
      owner: OWNER,
      repo: REPO,
      ref: sha,
      per_page: 2,
      page: 2,
    });
    expect(second.data.statuses.map((s) => [s.context, s.state])).toEqual([["lint", "success"]]);
  });
});
