import type { DeliveryLogPort } from "./delivery-log-port.ts";
import { type DeliveryAttempt, pickRedeliveries, type Redelivery } from "./pick-redeliveries.ts";
import type { SweepMarker } from "./sweep-marker.ts";

export interface SweepOptions {
  /** The App's clock, ms. */
  now: number;
  /** GitHub keeps deliveries 3 days: nothing older can be redelivered. */
  retentionMs: number;
  /** Re-read this much before the last sweep's newest delivery: attempts are logged when they end. */
  overlapMs: number;
  /** Pages of 100 read at most per sweep. */
  maxPages: number;
  /** Redeliveries asked at most per sweep; the rest wait for the next. */
  maxRedeliveries: number;
  /** A guid with this many attempts already is given up on. */
  maxAttempts: number;
  /** How long to wait for GitHub to log a redelivery before asking for the next one. */
  confirmMs: number;
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Called once per redelivery GitHub accepted. */
  onRedelivered?: (r: Redelivery) => void;
}

export interface SweepResult {
  /** Lower bound of the sweep (GitHub's clock, ms). */
  since: number;
  scanned: number;
  pages: number;
  /** The page bound was reached before `since`. */
  truncated: boolean;
  redelivered: Redelivery[];
  /** Of those, how many GitHub logged as delivered again within `confirmMs`. */
  confirmed: number;
  refused: number;
  deferred: number;
  abandoned: string[];
}

export const DEFAULT_SWEEP: Omit<SweepOptions, "now" | "sleep"> = {
  retentionMs: 3 * 86_400_000,
  overlapMs: 60_000,
  maxPages: 50,
  maxRedeliveries: 50,
  maxAttempts: 3,
  confirmMs: 20_000,
  pollMs: 250,
};

/**
 * One recovery sweep (SPEC §4.6): read the delivery log back to the last sweep, and ask GitHub
 * to redeliver each event no attempt of which succeeded, one at a time and in their original
 * order, waiting for each to be delivered (an `opened` is handled before the `/promote` that
 * followed it). The mark moves on only when nothing was left for the next sweep.
 */
export async function sweepDeliveries(
  port: DeliveryLogPort,
  marker: SweepMarker,
  opts: SweepOptions,
): Promise<SweepResult> {
  const previous = await marker.read();
  const since = Math.max(
    opts.now - opts.retentionMs,
    previous === null ? -Infinity : previous - opts.overlapMs,
  );
  const { attempts, pages, truncated } = await readBack(port, since, opts.maxPages);
  const picked = pickRedeliveries(attempts, { max: opts.maxRedeliveries, maxAttempts: opts.maxAttempts });
  let newestId = attempts.reduce((m, a) => Math.max(m, a.id), 0);
  const redelivered: Redelivery[] = [];
  let confirmed = 0;
  let refused = 0;
  for (const r of picked.redeliver) {
    try {
      await port.redeliver(r.id);
    } catch {
      refused++;
      continue;
    }
    redelivered.push(r);
    opts.onRedelivered?.(r);
    const seen = await waitForAttempt(port, r.guid, newestId, opts);
    if (seen !== null) {
      confirmed++;
      newestId = Math.max(newestId, seen.id);
    }
  }
  const newest = attempts[0]?.deliveredAt;
  if (newest !== undefined && picked.deferred === 0 && refused === 0) await marker.write(newest);
  return {
    since,
    scanned: attempts.length,
    pages,
    truncated,
    redelivered,
    confirmed,
    refused,
    deferred: picked.deferred,
    abandoned: picked.abandoned,
  };
}

async function readBack(port: DeliveryLogPort, since: number, maxPages: number) {
  const attempts: DeliveryAttempt[] = [];
  let pages = 0;
  for await (const page of port.pages()) {
    pages++;
    const recent = page.filter((a) => a.deliveredAt >= since);
    attempts.push(...recent);
    if (recent.length < page.length) return { attempts, pages, truncated: false };
    if (pages >= maxPages) return { attempts, pages, truncated: true };
  }
  return { attempts, pages, truncated: false };
}

/** Polls the newest page until an attempt of `guid` newer than `afterId` is logged, or time is up. */
async function waitForAttempt(
  port: DeliveryLogPort,
  guid: string,
  afterId: number,
  opts: Pick<SweepOptions, "confirmMs" | "pollMs" | "sleep">,
): Promise<DeliveryAttempt | null> {
  const rounds = Math.max(1, Math.ceil(opts.confirmMs / opts.pollMs));
  for (let i = 0; i < rounds; i++) {
    await opts.sleep(opts.pollMs);
    const seen = (await port.latest()).find((a) => a.guid === guid && a.id > afterId);
    if (seen !== undefined) return seen;
  }
  return null;
}
