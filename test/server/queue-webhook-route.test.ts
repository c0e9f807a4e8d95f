import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sign, verify } from "@octokit/webhooks-methods";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { queueWebhookRoute } from "../../src/server/queue-webhook-route.ts";
import type { Delivery } from "../../src/server/webhook-queue.ts";

const SECRET = "queue-route-secret";
const PATH = "/api/github/webhooks";

let server: Server;
let base: string;
const enqueued: Delivery[] = [];
const verified: string[] = [];
let enqueueFails = false;

beforeAll(async () => {
  const route = queueWebhookRoute({
    path: PATH,
    verify: (body, signature) => verify(SECRET, body, signature),
    onVerified: (event) => verified.push(event.id),
    accept: async (delivery) => {
      if (enqueueFails) throw new Error("Redis is down");
      enqueued.push(delivery);
    },
    log: pino({ level: "silent" }),
  });
  server = createServer((req, res) => {
    void Promise.resolve(route(req, res)).then((handled) => {
      if (!handled) res.writeHead(418).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  enqueued.length = 0;
  verified.length = 0;
  enqueueFails = false;
});

const BODY = JSON.stringify({ action: "opened", number: 7, note: "ünïcode" });

async function post(opts: {
  body?: string;
  signature?: string | null;
  headers?: Record<string, string>;
  path?: string;
  method?: string;
}) {
  const body = opts.body ?? BODY;
  const signature = opts.signature === undefined ? await sign(SECRET, body) : opts.signature;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-github-event": "pull_request",
    "x-github-delivery": "guid-1",
    ...(signature === null ? {} : { "x-hub-signature-256": signature }),
    ...opts.headers,
  };
  const method = opts.method ?? "POST";
  const response = await fetch(`${base}${opts.path ?? PATH}`, {
    method,
    headers,
    ...(method === "POST" ? { body } : {}),
  });
  return { status: response.status, body: await response.text() };
}

describe("queue mode's webhook route (SPEC §4.6): verify, hand to the queue, 202", () => {
  it("answers 202 once the verified event is enqueued, with GitHub's name, guid and payload", async () => {
    const answer = await post({});
    expect(answer.status).toBe(202);
    expect(JSON.parse(answer.body)).toEqual({ queued: "guid-1" });
    // The delivered bytes, not parsed nor re-encoded (the signature is over them).
    expect(enqueued).toEqual([{ id: "guid-1", name: "pull_request", body: Buffer.from(BODY) }]);
    expect(verified).toEqual(["guid-1"]);
  });

  it("accepts the trailing slash and query string GitHub's configured URL may carry", async () => {
    expect((await post({ path: `${PATH}/?x=1` })).status).toBe(202);
    expect(enqueued).toHaveLength(1);
  });

  it.each([
    [
      "a signature of another secret",
      { signature: `sha256=${"0".repeat(64)}` },
      400,
      "signature does not match",
    ],
    ["a signature of another body", { signature: "x", body: BODY.replace("7", "8") }, 400, "signature"],
    ["no signature header", { signature: null }, 400, "x-hub-signature-256"],
    ["no event header", { headers: { "x-github-event": "" } }, 400, "x-github-event"],
    ["a body that is not JSON", { headers: { "content-type": "text/plain" } }, 415, "Content-Type"],
    ["a GET", { method: "GET" }, 404, "Unknown route"],
  ] as const)("refuses %s (%i) and enqueues nothing", async (_what, request, status, message) => {
    const answer = await post(request as Parameters<typeof post>[0]);
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body).error).toContain(message);
    expect(enqueued).toEqual([]);
    expect(verified).toEqual([]);
  });

  it("a signed body that is not JSON is accepted as delivered (the queue drops it), not a crash", async () => {
    const answer = await post({ body: "{not json" });
    expect(answer.status).toBe(202);
    expect(enqueued).toEqual([{ id: "guid-1", name: "pull_request", body: Buffer.from("{not json") }]);
  });

  it("answers 503 when the event could not be enqueued, so GitHub records a failed delivery", async () => {
    enqueueFails = true;
    const answer = await post({});
    expect(answer.status).toBe(503);
    expect(enqueued).toEqual([]);
  });

  it("a body past GitHub's 25 MB cap is 413 and enqueues nothing", async () => {
    const answer = await post({
      body: JSON.stringify({ pad: "x".repeat(25 * 1024 * 1024) }),
      signature: "sha256=0",
    });
    expect(answer.status).toBe(413);
    expect(enqueued).toEqual([]);
    // The connection serves the next delivery.
    expect((await post({})).status).toBe(202);
  });

  it("leaves other paths to the next route", async () => {
    expect((await post({ path: "/metrics" })).status).toBe(418);
    expect((await post({ path: `${PATH}x` })).status).toBe(418);
  });
});
