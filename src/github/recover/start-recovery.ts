import { setTimeout as sleep } from "node:timers/promises";
import type { Logger, Probot } from "probot";
import type { EnvironmentLock } from "../commands/environment-lock.ts";
import type { AppMetrics } from "../metrics/app-metrics.ts";
import { watchOctokit } from "../metrics/watch-octokit.ts";
import { octokitDeliveryLog } from "./delivery-log-port.ts";
import { DEFAULT_SWEEP, type SweepOptions, type SweepResult, sweepDeliveries } from "./sweep-deliveries.ts";
import type { SweepMarker } from "./sweep-marker.ts";

export interface RecoveryOptions {
  /** `RECOVER_INTERVAL`: time between sweeps. */
  intervalMs: number;
  /** Before the start-up sweep (the server should be listening when redeliveries arrive). */
  startDelayMs: number;
  sweep?: Partial<Omit<SweepOptions, "now" | "sleep" | "onRedelivered">>;
}

export interface Recovery {
  /** The start-up sweep; resolves when it is over (null if it could not run). */
  readonly firstSweep: Promise<SweepResult | null>;
  /** A sweep now, or the one already under way. */
  sweepNow(): Promise<SweepResult | null>;
  stop(): Promise<void>;
}

interface Deps {
  lock: EnvironmentLock;
  marker: SweepMarker;
  metrics: AppMetrics;
  log: Logger;
}

const LOCK_KEY = "recover-deliveries";

/**
 * Recovers missed webhook deliveries at start-up and every interval (SPEC §4.6). One sweep at a
 * time in this process, and one across replicas through the lock (Redis when configured): the
 * replica that waited then starts from the mark the other left, and finds little to do.
 */
export function startRecovery(app: Probot, deps: Deps, opts: RecoveryOptions): Recovery {
  const abort = new AbortController();
  let running: Promise<SweepResult | null> | null = null;

  const sweepOnce = async (): Promise<SweepResult | null> => {
    try {
      return await deps.lock.withLock(LOCK_KEY, async () => {
        const octokit = await app.auth();
        watchOctokit(octokit, deps.metrics);
        const result = await sweepDeliveries(octokitDeliveryLog(octokit), deps.marker, {
          ...DEFAULT_SWEEP,
          ...opts.sweep,
          now: Date.now(),
          sleep: (ms) => sleep(ms, undefined, { signal: abort.signal }),
          onRedelivered: (r) => deps.metrics.recovered.inc({ event: r.event }),
        });
        report(deps.log, result);
        return result;
      });
    } catch (err) {
      if (!abort.signal.aborted) deps.log.warn({ err }, "could not sweep the webhook delivery log");
      return null;
    }
  };

  const sweepNow = (): Promise<SweepResult | null> => {
    if (abort.signal.aborted) return Promise.resolve(null);
    running ??= sweepOnce().finally(() => {
      running = null;
    });
    return running;
  };

  let interval: NodeJS.Timeout | undefined;
  const firstSweep = sleep(opts.startDelayMs, undefined, { signal: abort.signal, ref: false }).then(
    () => {
      interval = setInterval(() => void sweepNow(), opts.intervalMs).unref();
      return sweepNow();
    },
    () => null,
  );

  return {
    firstSweep,
    sweepNow,
    async stop() {
      abort.abort();
      clearInterval(interval);
      await firstSweep;
      await running;
    },
  };
}

function report(log: Logger, r: SweepResult): void {
  const fields = {
    scanned: r.scanned,
    pages: r.pages,
    recovered: r.redelivered.length,
    confirmed: r.confirmed,
    refused: r.refused,
    deferred: r.deferred,
    since: new Date(r.since).toISOString(),
    events: r.redelivered.map((d) => `${d.event}${d.action ? `.${d.action}` : ""} ${d.guid}`),
  };
  if (r.redelivered.length > 0)
    log.info(fields, `recovered ${r.redelivered.length} missed webhook deliveries`);
  else log.debug(fields, "no missed webhook deliveries");
  if (r.truncated)
    log.warn(fields, "the delivery log is longer than one sweep reads; older deliveries were not checked");
  if (r.abandoned.length > 0)
    log.warn({ guids: r.abandoned }, "deliveries that failed every attempt are no longer redelivered");
}
