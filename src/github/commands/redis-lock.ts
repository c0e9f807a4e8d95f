import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { type EnvironmentLock, InProcessLock, LockTimeoutError } from "./environment-lock.ts";

export interface RedisLockOptions {
  /** How long a holder may keep the lock if it dies mid-command; longer than any command takes. */
  ttlMs?: number;
  /** How long to wait for the lock before giving up. */
  waitMs?: number;
  /**
   * How often the holder extends its lease (default a third of `ttlMs`), so that a command slowed
   * by GitHub never outlives its lock. 0 turns renewal off (tests of the fencing check only).
   */
  renewEveryMs?: number;
}

/** Deletes the key only if it still holds our token: a lock that expired and was taken by another replica is not ours to release. */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/** Extends the lease only while the key still holds our token. */
const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/**
 * A lock shared by replicas: `SET key token NX PX ttl`, released by a compare-and-delete
 * script. The holder re-reads the deployments after acquiring, so the lock only has to make
 * the read-check-create sequence exclusive, not carry any state.
 */
export class RedisLock implements EnvironmentLock {
  readonly #redis: Redis;
  readonly #ttlMs: number;
  readonly #waitMs: number;
  readonly #renewEveryMs: number;

  constructor(url: string, opts: RedisLockOptions = {}) {
    this.#redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    this.#ttlMs = opts.ttlMs ?? 30_000;
    this.#waitMs = opts.waitMs ?? 15_000;
    this.#renewEveryMs = opts.renewEveryMs ?? Math.floor(this.#ttlMs / 3);
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    const redisKey = `modelgate:lock:${key}`;
    const deadline = Date.now() + this.#waitMs;
    for (let delay = 25; ; delay = Math.min(delay * 2, 500)) {
      const ok = await this.#redis.set(redisKey, token, "PX", this.#ttlMs, "NX");
      if (ok === "OK") break;
      if (Date.now() + delay > deadline) throw new LockTimeoutError(key);
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
    }
    // A slow GitHub (each request may take up to its 10 s timeout) must not let the lease lapse
    // mid-command; if renewal fails anyway, the fencing re-read before a deployment still holds.
    const renewal =
      this.#renewEveryMs > 0
        ? setInterval(() => {
            this.#redis.eval(RENEW, 1, redisKey, token, String(this.#ttlMs)).catch(() => undefined);
          }, this.#renewEveryMs)
        : null;
    try {
      return await fn();
    } finally {
      if (renewal) clearInterval(renewal);
      await this.#redis.eval(RELEASE, 1, redisKey, token).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}

/** Redis when `REDIS_URL` is set (the variable Probot uses for its own cross-replica state), else in-process. */
export function createEnvironmentLock(redisUrl: string | undefined): EnvironmentLock {
  return redisUrl ? new RedisLock(redisUrl) : new InProcessLock();
}
