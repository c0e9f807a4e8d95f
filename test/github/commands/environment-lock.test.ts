import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import {
  type EnvironmentLock,
  InProcessLock,
  LockTimeoutError,
} from "../../../src/github/commands/environment-lock.ts";
import { RedisLock } from "../../../src/github/commands/redis-lock.ts";

const REDIS_URL = process.env.MODELGATE_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
probe.on("error", () => undefined);
const reachable = await probe.connect().then(
  () => true,
  () => false,
);
probe.disconnect();

/** Two holders of one key never overlap; different keys do not wait for each other. */
async function exclusive(a: EnvironmentLock, b: EnvironmentLock, key: string): Promise<string[]> {
  const trace: string[] = [];
  const hold = (lock: EnvironmentLock, name: string) =>
    lock.withLock(key, async () => {
      trace.push(`${name}+`);
      await new Promise((r) => setTimeout(r, 30));
      trace.push(`${name}-`);
    });
  await Promise.all([hold(a, "a"), hold(b, "b")]);
  return trace;
}

describe("InProcessLock", () => {
  it("serializes one key, releases on a throw", async () => {
    const lock = new InProcessLock();
    expect(await exclusive(lock, lock, "env")).toEqual(["a+", "a-", "b+", "b-"]);
    await expect(lock.withLock("env", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await lock.withLock("env", async () => "next")).toBe("next");
  });
});

describe.skipIf(!reachable)("RedisLock", () => {
  it("two connections exclude each other on one key", async () => {
    const a = new RedisLock(REDIS_URL);
    const b = new RedisLock(REDIS_URL);
    const trace = await exclusive(a, b, `test-${Date.now()}`);
    expect([trace.slice(0, 2), trace.slice(2)].map((pair) => pair.map((t) => t[0]))).toEqual(
      trace[0]?.startsWith("a")
        ? [
            ["a", "a"],
            ["b", "b"],
          ]
        : [
            ["b", "b"],
            ["a", "a"],
          ],
    );
    await Promise.all([a.close(), b.close()]);
  });

  it("an expired holder does not release the lock its successor took; a waiter gives up in time", async () => {
    const key = `test-expiry-${Date.now()}`;
    // Renewal off: a holder whose lease lapsed (a stalled process, a Redis failover).
    const slow = new RedisLock(REDIS_URL, { ttlMs: 50, renewEveryMs: 0 });
    const next = new RedisLock(REDIS_URL, { waitMs: 100 });
    const third = new RedisLock(REDIS_URL, { waitMs: 100 });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let inside = false;
    // `slow` holds past its 50 ms TTL; `next` takes the key meanwhile and keeps it for 300 ms.
    const holding = sleep(70).then(() =>
      next.withLock(key, async () => {
        inside = true;
        await sleep(300);
      }),
    );
    await slow.withLock(key, () => sleep(150));
    expect(inside).toBe(true);
    // `slow`'s release must not have deleted `next`'s lock: a third waiter still times out.
    await expect(third.withLock(key, async () => "never")).rejects.toBeInstanceOf(LockTimeoutError);
    await holding;
    await Promise.all([slow.close(), next.close(), third.close()]);
  });

  it("a holder keeps its lock past the TTL while it renews: a waiter does not get in", async () => {
    const key = `test-renew-${Date.now()}`;
    const holder = new RedisLock(REDIS_URL, { ttlMs: 60 });
    const waiter = new RedisLock(REDIS_URL, { waitMs: 150 });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let released = false;
    const held = holder.withLock(key, async () => {
      await sleep(400); // over six TTLs
      released = true;
    });
    await sleep(20);
    await expect(waiter.withLock(key, async () => released)).rejects.toBeInstanceOf(LockTimeoutError);
    await held;
    expect(await waiter.withLock(key, async () => released)).toBe(true);
    await Promise.all([holder.close(), waiter.close()]);
  });
});
