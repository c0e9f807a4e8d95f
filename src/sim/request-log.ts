import { parse } from "graphql";

export interface LoggedRequest {
  method: string;
  /** Without the `/api/v3` prefix, with the query string; GraphQL is `/graphql`. */
  path: string;
  body: unknown;
  status: number;
  /** Simulator clock (ms) when the request arrived. */
  at: number;
  /** Real monotonic times (performance.now()), to count sequential round trips in benchmarks. */
  startedAt: number;
  endedAt: number;
}

/** Every request the simulator answered, in arrival order. */
export class RequestLog {
  readonly entries: LoggedRequest[] = [];

  record(entry: LoggedRequest): void {
    this.entries.push(entry);
  }

  /** What changed GitHub: not reads, GraphQL queries, or installation-token minting. */
  writes(): LoggedRequest[] {
    return this.entries.filter(isWrite);
  }

  reset(): void {
    this.entries.length = 0;
  }
}

function isWrite(entry: LoggedRequest): boolean {
  if (entry.method === "GET" || entry.method === "HEAD") return false;
  if (/^\/app\/installations\/[^/]+\/access_tokens/.test(entry.path)) return false;
  if (entry.path.startsWith("/graphql")) return isMutation(entry.body);
  return true;
}

function isMutation(body: unknown): boolean {
  if (typeof body !== "object" || body === null || !("query" in body) || typeof body.query !== "string")
    return false;
  try {
    return parse(body.query).definitions.some(
      (d) => d.kind === "OperationDefinition" && d.operation === "mutation",
    );
  } catch {
    return false;
  }
}
