import { describe, expect, it } from "vitest";
import { benchApi } from "../../bench/api-bench.ts";

/**
 * The API part of `npm run bench`, once: request COUNTS are deterministic, so they are tested;
 * times are not, so they are only reported by the benchmark (SPEC §6).
 */
describe("API economy of one pull_request.synchronize (SPEC §6)", () => {
  it("costs at most 6 requests for each of 1, 10 and 50 models, and nothing on a redelivery", async () => {
    const result = await benchApi();
    const small = result.api.filter((a) => a.files <= 100);
    expect(small.map((a) => a.models)).toEqual([1, 10, 50]);
    // More models may mean more read queries (at most 50 aliases each), never more than 6 requests.
    for (const a of small) expect(a.requests).toBeLessThanOrEqual(6);
    for (const a of small) expect(a.round_trips_before_first_write).toBeLessThanOrEqual(3);
    expect(result.redelivery.writes).toBe(0);
  }, 120_000);
});
