import { afterEach, describe, expect, it } from "vitest";
import { rateLimitHeaders } from "../../src/sim/fault-injector.ts";
import type { GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { OWNER, REPO, startWithPull } from "./helpers.ts";

let sim: GitHubSimulator;
afterEach(() => sim.close());

describe("fault injection, the request log and the clock", () => {
  it("fails the first matching request with 403, then answers normally", async () => {
    const started = await startWithPull();
    sim = started.sim;
    sim.fail({ method: "POST", path: "/repos/acme/models/check-runs", status: 403 });
    const params = { owner: OWNER, repo: REPO, name: "modelgate", head_sha: sim.repo.pull(1).head.sha };
    await expect(started.octokit.rest.checks.create(params)).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining("Resource not accessible by integration"),
    });
    expect(sim.repo.checkRuns.size).toBe(0);
    const second = await started.octokit.rest.checks.create(params);
    expect(second.status).toBe(201);
    expect(sim.requests.map((r) => r.status)).toEqual([403, 201]);
  });

  it("sends rate-limit headers and honours `times` and a RegExp path", async () => {
    const started = await startWithPull();
    sim = started.sim;
    sim.fail({ path: /\/pulls\/1$/, status: 429, times: 2, headers: rateLimitHeaders(30) });
    const get = () => started.octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 });
    const error = await get().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429 });
    const headers =
      error !== null && typeof error === "object" && "response" in error ? error.response : undefined;
    expect(headers).toMatchObject({ headers: { "x-ratelimit-remaining": "0", "retry-after": "30" } });
    await expect(get()).rejects.toMatchObject({ status: 429 });
    expect((await get()).data.number).toBe(1);
  });

  it("`skip` lets the first matching requests through, then fails the next", async () => {
    const started = await startWithPull();
    sim = started.sim;
    sim.fail({ path: /\/pulls\/1$/, status: 502, skip: 2 });
    const get = () => started.octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 });
    await get();
    await get();
    await expect(get()).rejects.toMatchObject({ status: 502 });
    await get();
    expect(sim.requests.map((r) => r.status)).toEqual([200, 200, 502, 200]);
  });

  it("delays a request without failing it", async () => {
    const started = await startWithPull();
    sim = started.sim;
    sim.fail({ path: "/repos/acme/models", delayMs: 150 });
    const started_ = performance.now();
    const { data } = await started.octokit.rest.repos.get({ owner: OWNER, repo: REPO });
    expect(performance.now() - started_).toBeGreaterThanOrEqual(140);
    expect(data.default_branch).toBe("main");
  });

  it("counts as writes only mutations: not reads, GraphQL queries or token minting", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const { octokit } = started;
    await fetch(`${sim.apiUrl}/app/installations/1/access_tokens`, { method: "POST" });
    await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 });
    await octokit.graphql(
      `{ repository(owner: "acme", name: "models") { pullRequest(number: 1) { number } } }`,
    );
    await octokit.rest.issues.createComment({ owner: OWNER, repo: REPO, issue_number: 1, body: "x" });
    expect(sim.requests).toHaveLength(4);
    expect(sim.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      "POST /repos/acme/models/issues/1/comments",
    ]);
    expect(sim.writes()[0]?.body).toEqual({ body: "x" });
    sim.reset();
    expect(sim.requests).toEqual([]);
    expect(sim.repo.comments.size).toBe(1);
  });

  it("accepts the plain prefix as well as /api/v3 and logs both without it", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const plain = await fetch(`${sim.url}/repos/acme/models/pulls/1?x=1`);
    expect((await plain.json()).number).toBe(1);
    expect(sim.requests[0]?.path).toBe("/repos/acme/models/pulls/1?x=1");
  });

  it("stamps objects with the settable clock", async () => {
    const started = await startWithPull();
    sim = started.sim;
    sim.state.clock.set(Date.parse("2026-11-20T14:02:00Z"));
    const { data } = await started.octokit.rest.issues.createComment({
      owner: OWNER,
      repo: REPO,
      issue_number: 1,
      body: "a",
    });
    expect(data.created_at).toBe("2026-11-20T14:02:00Z");
    sim.advance(5 * 3_600_000);
    const next = await started.octokit.rest.issues.createComment({
      owner: OWNER,
      repo: REPO,
      issue_number: 1,
      body: "b",
    });
    expect(next.data.created_at).toBe("2026-11-20T19:02:00Z");
    expect(sim.now()).toBe(Date.parse("2026-11-20T19:02:00Z"));
  });

  it("mints installation tokens and describes the App", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const token = await fetch(`${sim.apiUrl}/app/installations/1/access_tokens`, {
      method: "POST",
      headers: { authorization: "Bearer any.jwt.here" },
    });
    expect(token.status).toBe(201);
    expect(await token.json()).toMatchObject({
      token: expect.stringMatching(/^ghs_/),
      expires_at: expect.any(String),
    });
    const app = await started.octokit.rest.apps.getAuthenticated();
    expect(app.data).toMatchObject({ id: 1, slug: "modelgate" });
    const installation = await started.octokit.rest.apps.getRepoInstallation({ owner: OWNER, repo: REPO });
    expect(installation.data.id).toBe(1);
  });
});
