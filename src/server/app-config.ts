import { parseDuration } from "../core/policy/parse-duration.ts";
import type { RecoveryOptions } from "../github/recover/start-recovery.ts";
import type { QueueOptions } from "./webhook-queue.ts";

export interface AppConfig {
  /** `REDIS_URL`: the lock, the sweep mark and the queue live there when it is set. */
  redisUrl: string | undefined;
  /** Null: no recovery sweeps (`RECOVER_INTERVAL=0`). */
  recover: RecoveryOptions | null;
  /** Null: webhooks are handled in-process (no Redis, or `MODELGATE_QUEUE=off`). */
  queue: QueueOptions | null;
}

const FIVE_MINUTES = 300_000;

/**
 * The App's settings from its environment, beside Probot's own (APP_ID, WEBHOOK_SECRET …):
 * `RECOVER_INTERVAL` (a duration such as `5m`, `30s`, or `0` for none; default 5 min),
 * `REDIS_URL`, `MODELGATE_QUEUE` (`off` handles webhooks in-process even with Redis) and
 * `MODELGATE_QUEUE_CONCURRENCY` (jobs per replica, default 4; 0 for a replica that only receives).
 */
export function appConfigFromEnv(env: NodeJS.ProcessEnv): AppConfig {
  const redisUrl = env.REDIS_URL || undefined;
  const interval = env.RECOVER_INTERVAL?.trim();
  const intervalMs = interval === undefined || interval === "" ? FIVE_MINUTES : durationMs(interval);
  const concurrency = Number(env.MODELGATE_QUEUE_CONCURRENCY || Number.NaN);
  return {
    redisUrl,
    recover: intervalMs > 0 ? { intervalMs, startDelayMs: 1000 } : null,
    queue:
      redisUrl === undefined || env.MODELGATE_QUEUE === "off"
        ? null
        : { redisUrl, ...(Number.isInteger(concurrency) && concurrency >= 0 ? { concurrency } : {}) },
  };
}

/** `5m`, `30s`, `1h`; a bare number is seconds; anything else is the default. */
function durationMs(text: string): number {
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const ms = parseDuration(text);
  return Number.isFinite(ms) ? ms : FIVE_MINUTES;
}
