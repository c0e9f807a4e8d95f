import { describe, expect, it } from "vitest";
import { type DeliveryAttempt, pickRedeliveries } from "../../../src/github/recover/pick-redeliveries.ts";

let nextId = 1;
/** An attempt of `guid` at minute `at`, answered `status`. */
function attempt(guid: string, at: number, status: number, redelivery = false): DeliveryAttempt {
  return {
    id: nextId++,
    guid,
    deliveredAt: at * 60_000,
    redelivery,
    statusCode: status,
    event: "pull_request",
    action: "opened",
  };
}

const opts = { max: 10, maxAttempts: 3 };

describe("pickRedeliveries", () => {
  const cases: Array<{
    name: string;
    attempts: DeliveryAttempt[];
    guids: string[];
    abandoned?: string[];
    deferred?: number;
  }> = [
    { name: "nothing failed", attempts: [attempt("a", 1, 200), attempt("b", 2, 202)], guids: [] },
    {
      name: "down (0) and 5xx are missed; 3xx counts as delivered",
      attempts: [attempt("a", 1, 0), attempt("b", 2, 503), attempt("c", 3, 302)],
      guids: ["a", "b"],
    },
    { name: "a 4xx is a failed delivery too", attempts: [attempt("a", 1, 400)], guids: ["a"] },
    {
      name: "a guid with any success is done",
      attempts: [attempt("a", 1, 0), attempt("a", 2, 200, true)],
      guids: [],
    },
    {
      name: "only redeliveries in view: an earlier sweep took care of it",
      attempts: [attempt("a", 5, 500, true)],
      guids: [],
    },
    {
      name: "original order, whatever the log order",
      attempts: [attempt("late", 9, 0), attempt("early", 1, 0), attempt("mid", 4, 0)],
      guids: ["early", "mid", "late"],
    },
    {
      name: "given up after maxAttempts",
      attempts: [
        attempt("a", 1, 500),
        attempt("a", 2, 500, true),
        attempt("a", 3, 500, true),
        attempt("b", 4, 0),
      ],
      guids: ["b"],
      abandoned: ["a"],
    },
    {
      name: "bounded: the rest deferred",
      attempts: Array.from({ length: 12 }, (_, i) => attempt(`g${i}`, i, 0)),
      guids: Array.from({ length: 10 }, (_, i) => `g${i}`),
      deferred: 2,
    },
  ];
  it.each(cases)("$name", ({ attempts, guids, abandoned = [], deferred = 0 }) => {
    const picked = pickRedeliveries(attempts, opts);
    expect(picked.redeliver.map((r) => r.guid)).toEqual(guids);
    expect(picked.abandoned).toEqual(abandoned);
    expect(picked.deferred).toBe(deferred);
  });

  it("redelivers the newest attempt of a guid", () => {
    const first = attempt("a", 1, 0);
    const second = attempt("a", 2, 500, true);
    expect(pickRedeliveries([second, first], opts).redeliver.map((r) => r.id)).toEqual([second.id]);
  });
});
