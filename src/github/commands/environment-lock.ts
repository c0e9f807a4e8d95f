/** Serializes the commands that write to one environment (SPEC §4.3: never two deployments at once). */
export interface EnvironmentLock {
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class LockTimeoutError extends Error {
  constructor(readonly key: string) {
    super(`another command for ${key} is still running; try again in a minute`);
  }
}

/** The fencing check failed: the environment changed under a lock that was held too long. */
export class StaleLockError extends Error {
  constructor(readonly environment: string) {
    super(
      `another deployment to ${environment} was made while this command ran; nothing was deployed. Try again.`,
    );
  }
}

/** One process: a promise chain per key. Enough for a single replica. */
export class InProcessLock implements EnvironmentLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(fn);
    const tail = run.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await run;
    } finally {
      // The last one out removes the key, so that the map does not grow with every environment.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  async close(): Promise<void> {}
}
