/** One attempt of one webhook delivery, from GitHub's delivery log (`GET /app/hook/deliveries`). */
export interface DeliveryAttempt {
  id: number;
  guid: string;
  /** ms since the epoch, GitHub's clock. */
  deliveredAt: number;
  redelivery: boolean;
  statusCode: number;
  event: string;
  action: string | null;
}

export interface Redelivery {
  /** The attempt to redeliver (the newest of its guid): GitHub sends that request again. */
  id: number;
  guid: string;
  event: string;
  action: string | null;
}

export interface PickOptions {
  /** At most this many redeliveries in one sweep. */
  max: number;
  /** A guid with this many attempts in view is given up on (a delivery the App always refuses). */
  maxAttempts: number;
}

export interface Picked {
  redeliver: Redelivery[];
  /** Guids left for the next sweep because of `max`. */
  deferred: number;
  /** Guids given up on after `maxAttempts` failed attempts. */
  abandoned: string[];
}

/** GitHub classifies status codes 200–399 as a successful delivery. */
export const deliverySucceeded = (statusCode: number): boolean => statusCode >= 200 && statusCode < 400;

/**
 * Which deliveries to ask GitHub for again, from the attempts a sweep read (SPEC §4.6): group
 * by guid; a guid with a successful attempt is done. A guid is redelivered only if its original
 * attempt is in view, so one that an earlier sweep already redelivered (only its redeliveries
 * are newer than the last sweep) is not sent again and again. In the order the events first
 * happened, so that a recovered `opened` is handled before the `/promote` that followed it.
 */
export function pickRedeliveries(attempts: readonly DeliveryAttempt[], opts: PickOptions): Picked {
  const byGuid = new Map<string, DeliveryAttempt[]>();
  for (const a of attempts) byGuid.set(a.guid, [...(byGuid.get(a.guid) ?? []), a]);
  const candidates: Array<{ first: DeliveryAttempt; newest: DeliveryAttempt }> = [];
  const abandoned: string[] = [];
  for (const [guid, group] of byGuid) {
    if (group.some((a) => deliverySucceeded(a.statusCode))) continue;
    const sorted = [...group].sort((x, y) => x.deliveredAt - y.deliveredAt || x.id - y.id);
    const first = sorted.find((a) => !a.redelivery);
    const newest = sorted[sorted.length - 1];
    if (first === undefined || newest === undefined) continue;
    if (group.length >= opts.maxAttempts) {
      abandoned.push(guid);
      continue;
    }
    candidates.push({ first, newest });
  }
  candidates.sort((x, y) => x.first.deliveredAt - y.first.deliveredAt || x.first.id - y.first.id);
  const chosen = candidates.slice(0, Math.max(0, opts.max));
  return {
    redeliver: chosen.map(({ newest: n }) => ({ id: n.id, guid: n.guid, event: n.event, action: n.action })),
    deferred: candidates.length - chosen.length,
    abandoned,
  };
}
