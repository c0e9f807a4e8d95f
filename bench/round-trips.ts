import type { LoggedRequest } from "../src/sim/request-log.ts";

/**
 * Sequential round trips in a request log: requests that overlap in time were in flight
 * together and cost one round trip of latency; a request that starts after every earlier one
 * has ended starts a new round trip. On a real network each round trip is ~50–300 ms, which
 * is what a webhook's latency is made of.
 */
export function countRoundTrips(requests: readonly LoggedRequest[]): number {
  const sorted = [...requests].sort((a, b) => a.startedAt - b.startedAt);
  let trips = 0;
  let roundEnd = Number.NEGATIVE_INFINITY;
  for (const r of sorted) {
    if (r.startedAt >= roundEnd) {
      trips++;
      roundEnd = r.endedAt;
    } else roundEnd = Math.max(roundEnd, r.endedAt);
  }
  return trips;
}

/** The requests made before the first write (in arrival order): what the App read to decide. */
export function beforeFirstWrite(
  requests: readonly LoggedRequest[],
  writes: readonly LoggedRequest[],
): LoggedRequest[] {
  const first = writes[0];
  if (first === undefined) return [...requests];
  return requests.filter((r) => r.startedAt < first.startedAt);
}
