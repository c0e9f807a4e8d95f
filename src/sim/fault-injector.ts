export interface FaultSpec {
  method?: string;
  /** A string matches the path (no prefix) with or without its query; a RegExp is tested against both. */
  path: string | RegExp;
  /** Omitted: only delay, then answer normally. */
  status?: number;
  /** How many matching requests fail; default 1. `Infinity` for all. */
  times?: number;
  /** Let this many matching requests through first (the second of four check runs fails). */
  skip?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
  /**
   * Handle the request first, then answer with the fault: GitHub did the work but the answer
   * was lost (a 502 from a proxy after the deployment was created). With only `delayMs`, the
   * answer as of the request's arrival, delivered late.
   */
  afterHandling?: boolean;
}

export interface Fault {
  status: number | undefined;
  headers: Record<string, string>;
  body: unknown;
  delayMs: number;
  afterHandling: boolean;
}

/** GitHub's messages for the failures an App meets most. */
const MESSAGES: Record<number, string> = {
  401: "Bad credentials",
  403: "Resource not accessible by integration",
  404: "Not Found",
  409: "Conflict",
  422: "Validation Failed",
  429: "API rate limit exceeded",
  500: "Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/** Planned failures, consumed in the order they were added. */
export class FaultInjector {
  #pending: { spec: FaultSpec; left: number; skip: number }[] = [];

  fail(spec: FaultSpec): void {
    this.#pending.push({ spec, left: spec.times ?? 1, skip: spec.skip ?? 0 });
  }

  clear(): void {
    this.#pending = [];
  }

  take(method: string, pathWithQuery: string): Fault | undefined {
    const path = pathWithQuery.split("?")[0] ?? "";
    const entry = this.#pending.find(
      ({ spec, left }) => left > 0 && matches(spec, method, path, pathWithQuery),
    );
    if (entry === undefined) return undefined;
    if (entry.skip > 0) {
      entry.skip--;
      return undefined;
    }
    entry.left--;
    this.#pending = this.#pending.filter((e) => e.left > 0);
    const { status, headers = {}, delayMs = 0 } = entry.spec;
    const body = entry.spec.body ?? (status === undefined ? undefined : defaultBody(status));
    return { status, headers, body, delayMs, afterHandling: entry.spec.afterHandling === true };
  }
}

function matches(spec: FaultSpec, method: string, path: string, pathWithQuery: string): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== method) return false;
  if (typeof spec.path === "string") return spec.path === path || spec.path === pathWithQuery;
  return spec.path.test(path) || spec.path.test(pathWithQuery);
}

function defaultBody(status: number) {
  return {
    message: MESSAGES[status] ?? "Simulated failure",
    documentation_url: "https://docs.github.com/rest",
  };
}

/** Headers of an exhausted primary rate limit, resetting `resetInSeconds` from now. */
export function rateLimitHeaders(resetInSeconds = 60): Record<string, string> {
  return {
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": "0",
    "x-ratelimit-used": "5000",
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + resetInSeconds),
    "retry-after": String(resetInSeconds),
  };
}
