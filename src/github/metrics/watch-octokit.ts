import type { Context } from "probot";
import type { AppMetrics } from "./app-metrics.ts";

type Client = Pick<Context["octokit"], "hook">;

/** Counts every request of one client by method and status, and the answers that ask it to wait. */
export function watchOctokit(octokit: Client, metrics: AppMetrics): void {
  octokit.hook.after("request", (response, options) => {
    metrics.githubRequests.inc({ method: options.method, status: String(response.status) });
  });
  octokit.hook.error("request", (error, options) => {
    const status = "status" in error && typeof error.status === "number" ? error.status : 0;
    metrics.githubRequests.inc({ method: options.method, status: String(status) });
    const headers = "response" in error ? responseHeaders(error.response) : {};
    const wait = rateLimitWaitSeconds(status, headers);
    if (wait !== null) {
      metrics.rateLimited.inc({ kind: headers["retry-after"] === undefined ? "primary" : "secondary" });
      metrics.rateLimitWaitSeconds.inc(wait);
    }
    throw error;
  });
}

function responseHeaders(response: unknown): Record<string, string | undefined> {
  if (typeof response !== "object" || response === null || !("headers" in response)) return {};
  const { headers } = response;
  if (typeof headers !== "object" || headers === null) return {};
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

/**
 * Seconds GitHub asks to wait: `retry-after`, or until `x-ratelimit-reset` when no quota is left
 * (a 403 or 429); null when the answer is not a rate limit.
 */
export function rateLimitWaitSeconds(
  status: number,
  headers: Record<string, string | undefined>,
  nowMs: number = Date.now(),
): number | null {
  if (status !== 403 && status !== 429) return null;
  const retryAfter = Number(headers["retry-after"]);
  if (headers["retry-after"] !== undefined && Number.isFinite(retryAfter)) return Math.max(0, retryAfter);
  if (headers["x-ratelimit-remaining"] !== "0") return null;
  const reset = Number(headers["x-ratelimit-reset"]);
  return Number.isFinite(reset) ? Math.max(0, reset - Math.floor(nowMs / 1000)) : 0;
}
