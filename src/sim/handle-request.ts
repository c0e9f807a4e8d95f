import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { FaultInjector } from "./fault-injector.ts";
import { handleGraphql } from "./graphql-handler.ts";
import type { RequestLog } from "./request-log.ts";
import { routeRest } from "./rest-router.ts";
import type { SimRequest, SimResponse } from "./route-kit.ts";
import type { SimState } from "./sim-state.ts";

export interface Services {
  state: SimState;
  log: RequestLog;
  faults: FaultInjector;
  apiUrl: () => string;
}

/**
 * One HTTP request end to end: parse, maybe inject a fault, answer, record. Both the GitHub
 * Enterprise layout (`/api/v3/...`, `/api/graphql`) and the plain one (`/...`, `/graphql`) work.
 */
export async function handleRequest(
  services: Services,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const startedAt = performance.now();
  const at = services.state.clock.now();
  const url = new URL(req.url ?? "/", "http://simulator");
  const path = url.pathname.replace(/^\/api\/v3(?=\/|$)/, "").replace(/^\/api\/graphql$/, "/graphql") || "/";
  const method = (req.method ?? "GET").toUpperCase();
  const parsed = parseBody(await readBody(req));
  const request: SimRequest = {
    method,
    path,
    query: url.searchParams,
    body: parsed.value,
    headers: req.headers,
  };
  // Logged and matched for faults decoded (`contents/.github/modelgate.yml`), routed raw.
  const shownPath = `${safeDecode(path)}${url.search}`;
  const response = parsed.ok ? await answer(services, request, shownPath) : badJson();
  send(res, response);
  const entry = { method, path: shownPath, body: parsed.value, status: response.status, at };
  services.log.record({ ...entry, startedAt, endedAt: performance.now() });
}

async function answer(services: Services, req: SimRequest, pathWithQuery: string): Promise<SimResponse> {
  const fault = services.faults.take(req.method, pathWithQuery);
  // Before handling, a delay is a slow GitHub; after it, a slow answer: as of arrival, late.
  if (fault !== undefined && !fault.afterHandling && fault.delayMs > 0) await sleep(fault.delayMs);
  if (fault?.status !== undefined && !fault.afterHandling)
    return { status: fault.status, body: fault.body, headers: fault.headers };
  const response =
    req.path === "/graphql" && req.method === "POST"
      ? await handleGraphql(services.state, req.body)
      : await routeRest(services.state, req, services.apiUrl());
  if (fault?.afterHandling && fault.delayMs > 0) await sleep(fault.delayMs);
  if (fault?.status !== undefined) return { status: fault.status, body: fault.body, headers: fault.headers };
  return response;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(text: string): { ok: boolean; value: unknown } {
  if (text === "") return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, value: text };
  }
}

function badJson(): SimResponse {
  return {
    status: 400,
    body: { message: "Problems parsing JSON", documentation_url: "https://docs.github.com/rest" },
  };
}

function send(res: ServerResponse, response: SimResponse): void {
  const headers = { "x-github-media-type": "github.v3; format=json", ...response.headers };
  if (response.raw !== undefined) {
    res.writeHead(response.status, { ...headers, "content-type": response.raw.contentType });
    res.end(response.raw.text);
    return;
  }
  if (response.status === 204 || response.body === undefined || response.body === null) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  res.writeHead(response.status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(response.body));
}
