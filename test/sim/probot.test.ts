import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import { createNodeMiddleware, Probot, type Probot as ProbotApp, ProbotOctokit } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import type { GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { startWithPull } from "./helpers.ts";

const SECRET = "webhook-secret";
const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

let sim: GitHubSimulator;
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  server?.close();
  await sim.close();
});

/** A small app using what modelgate uses: config, GraphQL, check runs, reactions. */
function appFn(app: ProbotApp) {
  app.on("pull_request.opened", async (context) => {
    const config = await context.config<{ checks?: { name?: string } }>("modelgate.yml");
    const { repository } = await context.octokit.graphql<{ repository: { card: { text: string } | null } }>(
      `query($owner: String!, $name: String!, $expr: String!) {
        repository(owner: $owner, name: $name) { card: object(expression: $expr) { ... on Blob { text } } }
      }`,
      {
        ...context.repo({ name: context.payload.repository.name }),
        expr: `${context.payload.pull_request.head.sha}:models/a/card.md`,
      },
    );
    await context.octokit.rest.checks.create(
      context.repo({
        name: config?.checks?.name ?? "modelgate",
        head_sha: context.payload.pull_request.head.sha,
        conclusion: "success",
        output: { title: repository.card?.text.split("\n")[1] ?? "none", summary: "ok" },
      }),
    );
  });
  app.on("issue_comment.created", async (context) => {
    await context.octokit.rest.reactions.createForIssueComment(
      context.repo({ comment_id: context.payload.comment.id, content: "eyes" }),
    );
  });
}

async function startApp(): Promise<string> {
  const probot = new Probot({
    appId: sim.state.app.id,
    privateKey,
    secret: SECRET,
    baseUrl: sim.apiUrl,
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((options: object) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  const middleware = await createNodeMiddleware(appFn, { probot, webhooksPath: "/api/github/webhooks" });
  server = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = address !== null && typeof address === "object" ? address.port : 0;
  return `http://127.0.0.1:${port}/api/github/webhooks`;
}

describe("a real Probot app against the simulator", () => {
  it("authenticates, reads config over REST and a blob over GraphQL, writes a check run", async () => {
    sim = (await startWithPull()).sim;
    sim.repo.commit(
      {
        ...Object.fromEntries(sim.repo.resolveRef("main")?.tree ?? []),
        ".github/modelgate.yml": "checks:\n  name: gate\n",
      },
      "main",
    );
    sim.configureWebhook(await startApp(), SECRET);
    const status = await sim.sendWebhook({
      name: "pull_request",
      payload: sim.payloads.pullRequest({ action: "opened", number: 1 }),
    });
    expect(status).toBe(200);
    const runs = [...sim.repo.checkRuns.values()];
    expect(runs.map((r) => [r.name, r.conclusion, r.output.title])).toEqual([
      ["gate", "success", "version: 1.1.0"],
    ]);
    expect(sim.requests.map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual([
      "POST /app/installations/1/access_tokens",
      "GET /repos/acme/models/contents/.github/modelgate.yml",
      "POST /graphql",
      "POST /repos/acme/models/check-runs",
    ]);
    expect(sim.writes()).toHaveLength(1);
  });

  it("reacts to a slash command; a bad signature is rejected before any API call", async () => {
    sim = (await startWithPull()).sim;
    sim.configureWebhook(await startApp(), SECRET);
    const comment = sim.addComment(1, "/status", "alice");
    const payload = sim.payloads.issueComment({ action: "created", commentId: comment.id });
    expect(await sim.sendWebhook({ name: "issue_comment", payload, secret: "wrong" })).toBe(400);
    expect(sim.requests).toEqual([]);
    expect(await sim.sendWebhook({ name: "issue_comment", payload })).toBe(200);
    expect(sim.repo.reactions.map((r) => [r.commentId, r.content])).toEqual([[comment.id, "eyes"]]);
  });
});
