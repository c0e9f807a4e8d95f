import type { Redis } from "ioredis";

/**
 * Where "the last sweep" lives: the `delivered_at` (GitHub's clock, ms) of the newest delivery
 * the last complete sweep read. Kept in Redis when there is one, so that every replica and the
 * next process continue from it; in process memory otherwise, where a new process starts with
 * none and looks back over all of GitHub's retention (3 days): without a database, the delivery
 * log itself is the record of what was handled (a guid with a successful attempt is done), so the
 * long first sweep costs requests, bounded per sweep, but never misses or repeats an event.
 */
export interface SweepMarker {
  read(): Promise<number | null>;
  write(deliveredAt: number): Promise<void>;
}

export class MemorySweepMarker implements SweepMarker {
  #value: number | null = null;

  async read(): Promise<number | null> {
    return this.#value;
  }

  async write(deliveredAt: number): Promise<void> {
    this.#value = Math.max(deliveredAt, this.#value ?? deliveredAt);
  }
}

/** Never moves back: a slower replica finishing an older sweep does not undo a newer one's mark. */
const WRITE_MAX = `local v = tonumber(redis.call("get", KEYS[1]))
if v == nil or v < tonumber(ARGV[1]) then redis.call("set", KEYS[1], ARGV[1]) end
return 1`;

export class RedisSweepMarker implements SweepMarker {
  constructor(
    private readonly redis: Redis,
    private readonly key = "modelgate:recover:swept-to",
  ) {}

  async read(): Promise<number | null> {
    const value = await this.redis.get(this.key);
    const n = value === null ? Number.NaN : Number(value);
    return Number.isFinite(n) ? n : null;
  }

  async write(deliveredAt: number): Promise<void> {
    await this.redis.eval(WRITE_MAX, 1, this.key, String(deliveredAt));
  }
}
