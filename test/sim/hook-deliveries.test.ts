import { createServer, type Server } from "node:http";
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import { createSimulator, type GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { octokitFor } from "./helpers.ts";
import { responseSchema, shapeErrors } from "./openapi-shape.ts";

let sim: GitHubSimulator;
let receiver: Server | undefined;
afterEach(async () => {
  await sim.close();
  receiver?.closeAllConnections();
  receiver?.close();
  receiver = undefined;
});

/** An App stand-in answering `status`; records the deliveries it received. */
async function startReceiver(status: () => number) {
  const received: Array<{ guid: string; body: string }> = [];
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        guid: String(req.headers["x-github-delivery"]),
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((resolve) => receiver?.listen(0, "127.0.0.1", resolve));
  const address = receiver.address();
  const port = address !== null && typeof address === "object" ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/hook`, received };
}

/** A URL nothing listens on: the App is down. */
async function deadUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  const port = address !== null && typeof address === "object" ? address.port : 0;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}/hook`;
}

/** The App authenticates to these endpoints with its JWT (any three-part token passes here). */
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const appOctokit = (s: GitHubSimulator) =>
  new Octokit({ auth: "header.payload.signature", baseUrl: s.apiUrl, log: quiet });

function send(s: GitHubSimulator, id: string, url: string) {
  const payload = s.payloads.pullRequest({ action: "opened", number: 1 });
  return s.sendWebhook({ name: "pull_request", payload, url, secret: "s", id });
}

async function withPull(): Promise<GitHubSimulator> {
  const s = await createSimulator();
  s.repo.commit({ "a.md": "a" }, "main", "base");
  s.repo.createBranch("update");
  s.repo.commit({ "a.md": "b" }, "update", "head");
  s.repo.openPullRequest({ head: "update", user: "alice" });
  return s;
}

describe("the App's webhook delivery log", () => {
  it("records every attempt: refused, answered 500, answered 200", async () => {
    sim = await withPull();
    let answer = 500;
    const app = await startReceiver(() => answer);
    await expect(send(sim, "g-down", await deadUrl())).rejects.toThrow();
    expect(await send(sim, "g-500", app.url)).toBe(500);
    answer = 200;
    expect(await send(sim, "g-ok", app.url)).toBe(200);

    const { data, headers } = await appOctokit(sim).request("GET /app/hook/deliveries");
    expect(headers.link).toBeUndefined();
    expect(shapeErrors(data, responseSchema("GET", "/app/hook/deliveries", 200))).toEqual([]);
    expect(data.map((d) => [d.guid, d.status_code, d.status, d.redelivery])).toEqual([
      ["g-ok", 200, "OK", false],
      ["g-500", 500, "Invalid HTTP Response: 500", false],
      ["g-down", 0, "failed to connect to host", false],
    ]);
    const repo = sim.repo;
    expect(data[0]).toMatchObject({
      event: "pull_request",
      action: "opened",
      installation_id: sim.state.installationId,
      repository_id: repo.id,
    });
    expect((data[0]?.id ?? 0) > (data[1]?.id ?? 0)).toBe(true);

    const failures = await appOctokit(sim).request("GET /app/hook/deliveries", { status: "failure" });
    expect(failures.data.map((d) => d.guid)).toEqual(["g-500"]);
  });

  it("pages newest first by cursor in the Link header, per_page at a time", async () => {
    sim = await withPull();
    const app = await startReceiver(() => 200);
    for (let i = 1; i <= 5; i++) await send(sim, `g-${i}`, app.url);
    const octokit = appOctokit(sim);
    const first = await octokit.request("GET /app/hook/deliveries", { per_page: 2 });
    expect(first.data.map((d) => d.guid)).toEqual(["g-5", "g-4"]);
    expect(first.headers.link).toMatch(/[?&]cursor=v1_\d+.*rel="next"/);
    const all = await octokit.paginate("GET /app/hook/deliveries", { per_page: 2 });
    expect(all.map((d) => d.guid)).toEqual(["g-5", "g-4", "g-3", "g-2", "g-1"]);
  });

  it("refuses an installation token: the App's JWT only", async () => {
    sim = await withPull();
    await expect(octokitFor(sim).request("GET /app/hook/deliveries")).rejects.toMatchObject({ status: 401 });
  });

  it("redelivers an attempt: 202 at once, then the same guid and payload, logged as a redelivery", async () => {
    sim = await withPull();
    const app = await startReceiver(() => 200);
    const down = await deadUrl();
    sim.configureWebhook(down, "s");
    await expect(send(sim, "g-missed", down)).rejects.toThrow();
    const octokit = appOctokit(sim);
    const [missed] = (await octokit.request("GET /app/hook/deliveries")).data;
    if (missed === undefined) throw new Error("no delivery recorded");

    // The App is back, at the URL GitHub is configured with.
    sim.configureWebhook(app.url, "s");
    const answer = await octokit.request("POST /app/hook/deliveries/{delivery_id}/attempts", {
      delivery_id: Number(missed.id),
    });
    expect(answer.status).toBe(202);
    expect(
      shapeErrors(answer.data, responseSchema("POST", "/app/hook/deliveries/{delivery_id}/attempts", 202)),
    ).toEqual([]);
    await sim.redeliveriesSettled();

    expect(app.received.map((r) => r.guid)).toEqual(["g-missed"]);
    expect(JSON.parse(app.received[0]?.body ?? "{}")).toEqual(
      sim.payloads.pullRequest({ action: "opened", number: 1 }),
    );
    const list = (await octokit.request("GET /app/hook/deliveries")).data;
    expect(list.map((d) => [d.guid, d.status_code, d.redelivery])).toEqual([
      ["g-missed", 200, true],
      ["g-missed", 0, false],
    ]);
    const one = await octokit.request("GET /app/hook/deliveries/{delivery_id}", {
      delivery_id: Number(list[0]?.id ?? 0),
    });
    expect(shapeErrors(one.data, responseSchema("GET", "/app/hook/deliveries/{delivery_id}", 200))).toEqual(
      [],
    );
    expect(one.data.request.headers).toMatchObject({ "x-github-delivery": "g-missed" });
    await expect(
      octokit.request("POST /app/hook/deliveries/{delivery_id}/attempts", { delivery_id: 999_999 }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
