import { Redis } from "ioredis";

export { redisReachable } from "../../bench/redis-reachable.ts";

/** CI starts a redis-server and sets this (.ci/run); on a laptop without one the tests are skipped. */
export const REDIS_URL = process.env.MODELGATE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export const skipNote = (file: string): string =>
  `${file}: skipped, no Redis at ${REDIS_URL} (start redis-server or set MODELGATE_TEST_REDIS_URL; .ci/run does both)`;
/** Deletes a test's keys (`PREFIX:*`), a bounded number of SCAN rounds. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    for (let round = 0; round < 1000; round++) {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
      if (cursor === "0") break;
    }
  } finally {
    redis.disconnect();
  }
}
