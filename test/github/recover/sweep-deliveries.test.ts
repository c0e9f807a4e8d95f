import { describe, expect, it } from "vitest";
import type { DeliveryLogPort } from "../../../src/github/recover/delivery-log-port.ts";
import type { DeliveryAttempt } from "../../../src/github/recover/pick-redeliveries.ts";
import { DEFAULT_SWEEP, sweepDeliveries } from "../../../src/github/recover/sweep-deliveries.ts";
import { MemorySweepMarker } from "../../../src/github/recover/sweep-marker.ts";

const MIN = 60_000;
const NOW = 10_000 * MIN;

/** A delivery log in memory that, like GitHub, logs a successful attempt for each redelivery. */
function fakeLog(initial: Array<Omit<DeliveryAttempt, "id" | "event" | "action" | "redelivery">>) {
  let id = 0;
  const log: DeliveryAttempt[] = initial.map((a) => ({
    ...a,
    id: ++id,
    event: "issue_comment",
    action: "created",
    redelivery: false,
  }));
  const requests: string[] = [];
  const newestFirst = () => [...log].sort((x, y) => y.id - x.id);
  const port: DeliveryLogPort = {
    async *pages() {
      const all = newestFirst();
      for (let i = 0; i < all.length; i += 2) {
        requests.push("GET page");
        yield all.slice(i, i + 2);
      }
    },
    async latest() {
      requests.push("GET latest");
      return newestFirst().slice(0, 2);
    },
    async redeliver(deliveryId) {
      requests.push(`POST ${deliveryId}`);
      const original = log.find((a) => a.id === deliveryId);
      if (original) log.push({ ...original, id: ++id, redelivery: true, statusCode: 200, deliveredAt: NOW });
    },
  };
  return { port, log, requests };
}

const opts = { ...DEFAULT_SWEEP, now: NOW, sleep: async () => {}, pollMs: 1, confirmMs: 5 };

describe("sweepDeliveries", () => {
  it("without a mark reads back GitHub's retention, stops at its end, and leaves the newest delivery as the mark", async () => {
    const { port, requests } = fakeLog([
      { guid: "too-old", deliveredAt: NOW - 4 * 1440 * MIN, statusCode: 0 },
      { guid: "missed", deliveredAt: NOW - 2 * 1440 * MIN, statusCode: 0 },
      { guid: "fine", deliveredAt: NOW - 5 * MIN, statusCode: 200 },
    ]);
    const marker = new MemorySweepMarker();
    const result = await sweepDeliveries(port, marker, opts);
    expect(result.redelivered.map((r) => r.guid)).toEqual(["missed"]);
    expect(result.confirmed).toBe(1);
    expect(requests).toEqual(["GET page", "GET page", "POST 2", "GET latest"]);
    expect(await marker.read()).toBe(NOW - 5 * MIN);
  });

  it("with a mark reads only back to it (less the overlap)", async () => {
    const { port } = fakeLog([
      { guid: "before-mark", deliveredAt: NOW - 30 * MIN, statusCode: 0 },
      { guid: "after-mark", deliveredAt: NOW - 5 * MIN, statusCode: 0 },
    ]);
    const marker = new MemorySweepMarker();
    await marker.write(NOW - 10 * MIN);
    const result = await sweepDeliveries(port, marker, opts);
    expect(result.redelivered.map((r) => r.guid)).toEqual(["after-mark"]);
    expect(result.since).toBe(NOW - 10 * MIN - DEFAULT_SWEEP.overlapMs);
  });

  it("keeps the mark when the bound left deliveries for the next sweep, which then finds them", async () => {
    const { port } = fakeLog([
      { guid: "a", deliveredAt: NOW - 3 * MIN, statusCode: 0 },
      { guid: "b", deliveredAt: NOW - 2 * MIN, statusCode: 0 },
    ]);
    const marker = new MemorySweepMarker();
    const first = await sweepDeliveries(port, marker, { ...opts, maxRedeliveries: 1 });
    expect([first.redelivered.map((r) => r.guid), first.deferred]).toEqual([["a"], 1]);
    expect(await marker.read()).toBeNull();
    const second = await sweepDeliveries(port, marker, { ...opts, maxRedeliveries: 1 });
    expect(second.redelivered.map((r) => r.guid)).toEqual(["b"]);
    const third = await sweepDeliveries(port, marker, opts);
    expect(third.redelivered).toEqual([]);
  });

  it("stops at the page bound and says so", async () => {
    const { port } = fakeLog(
      Array.from({ length: 10 }, (_, i) => ({
        guid: `g${i}`,
        deliveredAt: NOW - (10 - i) * MIN,
        statusCode: 200,
      })),
    );
    const result = await sweepDeliveries(port, new MemorySweepMarker(), { ...opts, maxPages: 2 });
    expect([result.pages, result.scanned, result.truncated]).toEqual([2, 4, true]);
  });
});
