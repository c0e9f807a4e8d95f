/**
 * The simulator's clock. It is frozen between calls to `advance` so that soak times and
 * timestamps in tests are exact; it starts at the real time so that an app reading the
 * real clock still agrees with it to the second.
 */
export class SimClock {
  #ms: number;

  constructor(startMs: number = Date.now()) {
    this.#ms = startMs;
  }

  now(): number {
    return this.#ms;
  }

  advance(ms: number): number {
    this.#ms += ms;
    return this.#ms;
  }

  set(ms: number): void {
    this.#ms = ms;
  }

  /** GitHub's timestamp format: ISO 8601 without milliseconds. */
  iso(ms: number = this.#ms): string {
    return toGitHubTime(ms);
  }
}

export function toGitHubTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
