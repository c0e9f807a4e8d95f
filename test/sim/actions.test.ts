import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import type { GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { OWNER, REPO, startWithPull } from "./helpers.ts";

// GitHub's published description of the event: the webhooks examples have no payload for it.
const openapi = createRequire(import.meta.url)("@octokit/openapi/generated/api.github.com.json") as {
  components: { schemas: Record<string, { properties: Record<string, unknown> }> };
};
const EVENT_KEYS = Object.keys(
  openapi.components.schemas["webhook-deployment-protection-rule-requested"]?.properties ?? {},
);

let sim: GitHubSimulator;
afterEach(() => sim.close());

const repo = { owner: OWNER, repo: REPO };
/** Untyped routes, to send GitHub what its typings would refuse. */
const RULES: string =
  "POST /repos/{owner}/{repo}/environments/{environment_name}/deployment_protection_rules";
const REVIEW: string = "POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule";

async function waitingJob(event = "workflow_dispatch") {
  const started = await startWithPull();
  sim = started.sim;
  sim.protectEnvironment("a-canary");
  const sha = sim.repo.pull(1).head.sha;
  return { ...started, sha, ...sim.startDeploymentJob({ environment: "a-canary", sha, event }) };
}

describe("environments and custom deployment protection rules", () => {
  it("creates an environment, enables the App on it once, and lists the rule", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const { octokit } = started;
    const env = await octokit.request("PUT /repos/{owner}/{repo}/environments/{environment_name}", {
      ...repo,
      environment_name: "a-canary",
    });
    expect(env.status).toBe(200);
    expect(env.data).toMatchObject({ name: "a-canary", protection_rules: [] });
    const rule = await octokit.rest.repos.createDeploymentProtectionRule({
      ...repo,
      environment_name: "a-canary",
      integration_id: sim.state.app.id,
    });
    expect(rule.status).toBe(201);
    expect(rule.data).toMatchObject({ enabled: true, app: { id: sim.state.app.id, slug: "modelgate" } });
    const list = await octokit.rest.repos.getAllDeploymentProtectionRules({
      ...repo,
      environment_name: "a-canary",
    });
    expect(list.data).toMatchObject({
      total_count: 1,
      custom_deployment_protection_rules: [{ id: rule.data.id }],
    });

    const again = octokit.rest.repos.createDeploymentProtectionRule({
      ...repo,
      environment_name: "a-canary",
      integration_id: sim.state.app.id,
    });
    await expect(again).rejects.toMatchObject({ status: 422 });
    const notInteger = octokit.request(RULES, {
      ...repo,
      environment_name: "a-canary",
      integration_id: "modelgate",
    });
    await expect(notInteger).rejects.toMatchObject({ status: 422 });
    const missing = octokit.rest.repos.createDeploymentProtectionRule({
      ...repo,
      environment_name: "nowhere",
      integration_id: sim.state.app.id,
    });
    await expect(missing).rejects.toMatchObject({ status: 404 });
  });

  it("a job on an environment without the rule does not wait", async () => {
    const started = await startWithPull();
    sim = started.sim;
    expect(() => sim.startDeploymentJob({ environment: "a-canary", sha: sim.repo.pull(1).head.sha })).toThrow(
      /has no protection rule/,
    );
  });
});

describe("a workflow run waiting on a protected environment", () => {
  it("sends the event with GitHub's fields: the job's deployment and the callback URL of its run", async () => {
    const { payload, run, deployment, sha } = await waitingJob();
    expect(Object.keys(payload).sort()).toEqual([...EVENT_KEYS].sort());
    expect(payload).toMatchObject({
      action: "requested",
      environment: "a-canary",
      event: "workflow_dispatch",
      sha,
      ref: "refs/heads/update",
      deployment: {
        id: deployment.id,
        sha,
        environment: "a-canary",
        creator: { login: "github-actions[bot]" },
      },
      pull_requests: [],
      installation: { id: sim.state.installationId },
    });
    expect(payload.deployment_callback_url).toBe(
      `${sim.apiUrl}/repos/${OWNER}/${REPO}/actions/runs/${run.id}/deployment_protection_rule`,
    );
  });

  it("names the run's PRs only for a pull_request run", async () => {
    const { payload } = await waitingJob("pull_request");
    expect(payload.pull_requests.map((p) => p.number)).toEqual([1]);
  });

  it("lists the pending environment until the App answers, then lets the job run", async () => {
    const { octokit, run } = await waitingJob();
    const pending = await octokit.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: run.id });
    expect(pending.data.map((p) => p.environment.name)).toEqual(["a-canary"]);

    const note = await octokit.rest.actions.reviewCustomGatesForRun({
      ...repo,
      run_id: run.id,
      environment_name: "a-canary",
      comment: "checking",
    });
    expect(note.status).toBe(204);
    expect(run.status).toBe("waiting");

    const approved = await octokit.rest.actions.reviewCustomGatesForRun({
      ...repo,
      run_id: run.id,
      environment_name: "a-canary",
      state: "approved",
      comment: "ok",
    });
    expect(approved.status).toBe(204);
    expect(run.status).toBe("in_progress");
    const after = await octokit.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: run.id });
    expect(after.data).toEqual([]);
    const twice = octokit.rest.actions.reviewCustomGatesForRun({
      ...repo,
      run_id: run.id,
      environment_name: "a-canary",
      state: "rejected",
    });
    await expect(twice).rejects.toMatchObject({ status: 422 });
  });

  it("fails the run on a rejection", async () => {
    const { octokit, run, deployment } = await waitingJob();
    await octokit.rest.actions.reviewCustomGatesForRun({
      ...repo,
      run_id: run.id,
      environment_name: "a-canary",
      state: "rejected",
      comment: "no",
    });
    expect(run).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(sim.repo.statusesOf(deployment.id).map((s) => s.state)).toEqual(["failure"]);
  });

  it("validates the review as GitHub does", async () => {
    const { octokit, run } = await waitingJob();
    const post = (body: Record<string, unknown>, runId = run.id) =>
      octokit
        .request(REVIEW, {
          ...repo,
          run_id: runId,
          ...body,
        })
        .then(
          (r) => r.status,
          (e: { status: number }) => e.status,
        );
    expect(await post({ state: "approved" })).toBe(422); // no environment_name
    expect(await post({ environment_name: "a-canary" })).toBe(422); // neither state nor comment
    expect(await post({ environment_name: "a-canary", state: "maybe" })).toBe(422);
    expect(await post({ environment_name: "a-canary", state: "approved", comment: "x".repeat(1025) })).toBe(
      422,
    );
    expect(await post({ environment_name: "a-production", state: "approved" })).toBe(422); // not waiting there
    expect(await post({ environment_name: "a-canary", state: "approved" }, 999_999)).toBe(404);
    expect(run.status).toBe("waiting");
    const unknownRun = octokit.rest.actions.getPendingDeploymentsForRun({ ...repo, run_id: 999_999 });
    await expect(unknownRun).rejects.toMatchObject({ status: 404 });
  });
});
