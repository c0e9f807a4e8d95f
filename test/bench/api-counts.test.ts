import { describe, expect, it } from "vitest";
import { benchApi } from "../../bench/api-bench.ts";

/**
 * The API part of `npm run bench`, once: request COUNTS are deterministic, so they are tested;
 * times are not, so they are only reported by the benchmark (SPEC §6).
 */
describe("API economy of one pull_request.synchronize (SPEC §6)", () => {
  it("costs at most 6 requests, the same for 1, 10 and 50 models, and nothing on a redelivery", async () => {
    const result = await benchApi();
    const small = result.api.filter((a) => a.files <= 100);
    expect(small.map((a) => a.models)).toEqual([1, 10, 50]);
    for (const a of small) expect(a.requests).toBeLessThanOrEqual(6);
    expect(new Set(small.map((a) => a.requests)).size).toBe(1);
    expect(result.redelivery.writes).toBe(0);
  }, 120_000);
});
