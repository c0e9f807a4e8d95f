import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { createRequire } from "node:module";
import type { WebhookDefinition } from "@octokit/webhooks-examples";
import { afterEach, describe, expect, it } from "vitest";
import type { GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { startWithPull } from "./helpers.ts";

// A CommonJS JSON package: its typings describe the default export, which NodeNext cannot import.
const examples: WebhookDefinition[] = createRequire(import.meta.url)("@octokit/webhooks-examples");

let sim: GitHubSimulator;
let receiver: Server | undefined;
afterEach(async () => {
  await sim.close();
  receiver?.closeAllConnections();
  receiver?.close();
});

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

async function startReceiver(status: number): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver?.listen(0, "127.0.0.1", resolve));
  const address = receiver.address();
  const port = address !== null && typeof address === "object" ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/hook`, received };
}

/** Top-level keys GitHub's own example payload has for this event and action. */
function exampleKeys(event: string, action: string): string[] {
  const group = examples.find((e) => e.name === event);
  const example = group?.examples.find((x) => "action" in x && x.action === action) ?? {};
  return Object.keys(example).filter((key) => key !== "enterprise");
}

describe("webhooks", () => {
  it("signs the body with HMAC-SHA256 and sends GitHub's headers", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const { url, received } = await startReceiver(202);
    const payload = sim.payloads.pullRequest({ action: "opened", number: 1 });
    const status = await sim.sendWebhook({
      name: "pull_request",
      payload,
      secret: "s3cret",
      url,
      id: "delivery-1",
    });
    expect(status).toBe(202);
    const [delivery] = received;
    const expected = `sha256=${createHmac("sha256", "s3cret")
      .update(delivery?.body ?? "")
      .digest("hex")}`;
    const signature = String(delivery?.headers["x-hub-signature-256"]);
    expect(timingSafeEqual(Buffer.from(signature), Buffer.from(expected))).toBe(true);
    expect(delivery?.headers).toMatchObject({
      "x-github-event": "pull_request",
      "x-github-delivery": "delivery-1",
      "content-type": "application/json",
    });
    expect(JSON.parse(delivery?.body ?? "{}")).toEqual(payload);
  });

  it("builds pull_request payloads shaped like GitHub's", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const before = sim.repo.pull(1).head.sha;
    const after = sim.pushCommit(1, { "x.txt": "x" });
    const payload = sim.payloads.pullRequest({ action: "synchronize", number: 1, before });
    for (const key of exampleKeys("pull_request", "synchronize")) expect(payload).toHaveProperty(key);
    expect(payload).toMatchObject({
      action: "synchronize",
      number: 1,
      before,
      after,
      installation: { id: 1 },
      repository: {
        name: "models",
        full_name: "acme/models",
        owner: { login: "acme" },
        default_branch: "main",
      },
      pull_request: {
        number: 1,
        head: { sha: after, ref: "update" },
        base: { ref: "main" },
        user: { login: "alice" },
      },
      sender: { login: "alice", type: "User" },
    });
  });

  it("builds issue_comment payloads for a PR, with changes when edited", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const comment = sim.addComment(1, "/promote", "alice");
    const previous = sim.repo.editComment(comment.id, "/promote canary");
    const payload = sim.payloads.issueComment({
      action: "edited",
      commentId: comment.id,
      previousBody: previous,
    });
    for (const key of exampleKeys("issue_comment", "edited")) expect(payload).toHaveProperty(key);
    expect(payload).toMatchObject({
      issue: { number: 1, pull_request: { url: `${sim.apiUrl}/repos/acme/models/pulls/1` } },
      comment: { id: comment.id, body: "/promote canary", user: { login: "alice", type: "User" } },
      changes: { body: { from: "/promote" } },
      sender: { login: "alice" },
    });
  });

  it("builds check_suite and check_run payloads; fork PRs are left out of pull_requests", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const sha = sim.repo.pull(1).head.sha;
    const suite = sim.payloads.checkSuite({ action: "rerequested", sha });
    for (const key of exampleKeys("check_suite", "rerequested")) expect(suite).toHaveProperty(key);
    expect(suite.check_suite).toMatchObject({
      head_sha: sha,
      pull_requests: [{ number: 1 }],
      app: { slug: "modelgate" },
    });
    sim.repo.pull(1).fork = true;
    expect(sim.payloads.checkSuite({ action: "requested", sha }).check_suite.pull_requests).toEqual([]);
    const run = sim.repo.addCheckRun({ name: "modelgate", headSha: sha, conclusion: "success" });
    const rerun = sim.payloads.checkRunRerequested({ checkRunId: run.id });
    expect(rerun).toMatchObject({
      action: "rerequested",
      check_run: { id: run.id, head_sha: sha, name: "modelgate" },
    });
  });

  it("builds deployment_status payloads from the latest status", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const sha = sim.repo.pull(1).head.sha;
    const { data } = await started.octokit.rest.repos.createDeployment({
      owner: "acme",
      repo: "models",
      ref: sha,
      environment: "a-canary",
      payload: { modelgate: 1, stage: "canary" },
      required_contexts: [],
    });
    const id = "id" in data ? data.id : 0;
    sim.addDeploymentStatus(id, { state: "failure", environmentUrl: "https://canary" });
    const payload = sim.payloads.deploymentStatus({ deploymentId: id });
    for (const key of exampleKeys("deployment_status", "created")) expect(payload).toHaveProperty(key);
    expect(payload).toMatchObject({
      deployment_status: {
        state: "failure",
        environment_url: "https://canary",
        creator: { login: "deployer" },
      },
      deployment: { id, sha, environment: "a-canary", payload: { modelgate: 1, stage: "canary" } },
    });
  });
});
