import type { IncomingHttpHeaders } from "node:http";
import type { SimRepo } from "./sim-repo.ts";
import type { SimState } from "./sim-state.ts";

/** The vocabulary every REST route file shares: requests, responses, and their helpers. */

export interface SimRequest {
  method: string;
  /** Without the `/api/v3` prefix and without the query. */
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingHttpHeaders;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as-is instead of JSON (raw file contents). */
  raw?: { text: string; contentType: string };
}

export interface RouteContext {
  state: SimState;
  req: SimRequest;
  params: Record<string, string>;
  /** `http://127.0.0.1:PORT/api/v3`, for absolute URLs in Link headers and payloads. */
  apiUrl: string;
}

export type RouteHandler = (ctx: RouteContext) => SimResponse;
export type RepoHandler = (ctx: RouteContext, repo: SimRepo) => SimResponse;

export interface Route {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** `/repos/:owner/:repo/contents/*path`: `:x` is one segment, `*x` the rest. */
  pattern: string;
  handler: RouteHandler;
}

const DOCS = "https://docs.github.com/rest";

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
  return headers === undefined ? { status, body } : { status, body, headers };
}

export function notFound(message = "Not Found"): SimResponse {
  return json(404, { message, documentation_url: DOCS, status: "404" });
}

export function validationFailed(message: string, field?: string): SimResponse {
  const errors = field === undefined ? [] : [{ resource: "Simulator", field, code: "invalid", message }];
  return json(422, { message, errors, documentation_url: DOCS, status: "422" });
}

/** Routes under /repos/:owner/:repo answer 404 for repositories the simulator does not hold. */
export function withRepo(handler: RepoHandler): RouteHandler {
  return (ctx) => {
    const repo = ctx.state.repo(ctx.params.owner ?? "", ctx.params.repo ?? "");
    return repo === undefined ? notFound() : handler(ctx, repo);
  };
}

/** The request body as an object; GitHub ignores what is not one. */
export function bodyOf(ctx: RouteContext): Record<string, unknown> {
  const body = ctx.req.body;
  return typeof body === "object" && body !== null && !Array.isArray(body) ? { ...body } : {};
}

export function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === "string" ? value : undefined;
}

export function objectField(body: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const value = body[key];
  return typeof value === "object" && value !== null && !Array.isArray(value) ? { ...value } : undefined;
}

export function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return allowed.some((candidate) => candidate === value);
}

export function intParam(ctx: RouteContext, key: string): number {
  return Number.parseInt(ctx.params[key] ?? "", 10);
}

export interface Page<T> {
  items: T[];
  headers: Record<string, string>;
}

/** `per_page` (default 30, max 100) and `page`, with GitHub's Link header. */
export function paginate<T>(ctx: RouteContext, all: T[]): Page<T> {
  const perPage = Math.min(100, Math.max(1, Number(ctx.req.query.get("per_page") ?? 30) || 30));
  const page = Math.max(1, Number(ctx.req.query.get("page") ?? 1) || 1);
  const last = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  const links: string[] = [];
  const link = (n: number, rel: string) => links.push(`<${pageUrl(ctx, n)}>; rel="${rel}"`);
  if (page > 1) link(page - 1, "prev");
  if (page < last) link(page + 1, "next");
  if (page < last) link(last, "last");
  if (page > 1) link(1, "first");
  return { items, headers: links.length === 0 ? {} : { link: links.join(", ") } };
}

function pageUrl(ctx: RouteContext, page: number): string {
  const query = new URLSearchParams(ctx.req.query);
  query.set("page", String(page));
  return `${ctx.apiUrl}${ctx.req.path}?${query.toString()}`;
}

/** Drops undefined values, which `exactOptionalPropertyTypes` keeps apart from absent ones. */
export function definedOnly<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  // Object.fromEntries loses the key types; the filter above is what makes this sound.
  return Object.fromEntries(entries) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
