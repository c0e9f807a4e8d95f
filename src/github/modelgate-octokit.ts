import { setTimeout as sleep } from "node:timers/promises";
import { ProbotOctokit } from "probot";

/** Every GitHub request gives up after this long (SPEC §4.4): no command outlives its lock. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** The longest rate-limit wait modelgate accepts; beyond it the event fails and says why. */
export const MAX_RATE_LIMIT_WAIT_S = 60;
const MAX_RATE_LIMIT_RETRIES = 2;

/** Octokit's retry plugin never retries these; 429 is ours to handle, as GitHub says when. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

/** A fetch whose every attempt is aborted after `ms` (Octokit then reports a 500: a transient error). */
export function timedFetch(base: typeof fetch, ms: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return base(input, { ...init, signal });
  };
}

interface ErrorWithResponse {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined> };
}

/**
 * How many seconds GitHub asks to wait before trying again, or null when the error is no rate
 * limit: 403 or 429 with `retry-after` (secondary limits), or `x-ratelimit-remaining: 0` until
 * `x-ratelimit-reset` (primary).
 */
export function rateLimitWait(err: unknown, nowMs: number): number | null {
  const { status, response } = (err ?? {}) as ErrorWithResponse;
  if (status !== 403 && status !== 429) return null;
  const headers = response?.headers ?? {};
  const retryAfter = Number(headers["retry-after"]);
  if (headers["retry-after"] !== undefined && Number.isFinite(retryAfter)) return Math.max(0, retryAfter);
  if (String(headers["x-ratelimit-remaining"]) === "0") {
    const reset = Number(headers["x-ratelimit-reset"]);
    if (Number.isFinite(reset)) return Math.max(0, Math.ceil(reset - nowMs / 1000) + 1);
  }
  return null;
}

/**
 * Waits as GitHub tells on 403/429 rate limits, secondary ones included, at most twice and never
 * longer than a minute. A rate-limited request was not carried out, so trying it again is safe
 * even for a POST.
 */
function honourRateLimits(octokit: {
  hook: InstanceType<typeof ProbotOctokit>["hook"];
  log: { warn: (message: string, info?: object) => unknown };
}) {
  octokit.hook.wrap("request", async (request, options) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(options);
      } catch (err) {
        const wait = rateLimitWait(err, Date.now());
        if (wait === null || wait > MAX_RATE_LIMIT_WAIT_S || attempt >= MAX_RATE_LIMIT_RETRIES) throw err;
        octokit.log.warn(`rate limited; waiting ${wait} s as GitHub asks`, {
          method: options.method,
          url: options.url,
          waitSeconds: wait,
        });
        await sleep(wait * 1000);
      }
    }
  });
}

/**
 * Probot's Octokit with modelgate's request policy: a 10 s timeout on every attempt, GitHub's
 * rate-limit waits honoured (bounded) by one plugin of ours rather than the throttling plugin's
 * handlers (which, as Probot sets them, give up on secondary limits and wait for the primary
 * reset however far away it is), and 429 left to that plugin instead of being retried blindly.
 */
export const ModelgateOctokit = ProbotOctokit.plugin(honourRateLimits).defaults(
  (
    instance: Record<string, unknown> & {
      request?: { fetch?: typeof fetch };
      throttle?: object;
      retry?: object;
    },
  ) => ({
    ...instance,
    request: {
      ...instance.request,
      fetch: timedFetch(instance.request?.fetch ?? globalThis.fetch, REQUEST_TIMEOUT_MS),
    },
    throttle: { ...instance.throttle, onRateLimit: () => false, onSecondaryRateLimit: () => false },
    retry: { ...instance.retry, doNotRetry: DO_NOT_RETRY },
  }),
);
