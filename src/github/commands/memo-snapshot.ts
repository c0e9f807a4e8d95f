import type { ChangedFile, ReadRequest, ReadResult, RepoSnapshot } from "../../core/types.ts";

/**
 * A snapshot that answers a repeated request from memory. The engine's reads are a function of
 * the PR alone, so a second evaluation (with overrides) repeats the first one's requests exactly.
 */
export function memoSnapshot(inner: RepoSnapshot): RepoSnapshot {
  const reads = new Map<string, Promise<ReadResult>>();
  let changed: Promise<ChangedFile[]> | null = null;
  return {
    changedFiles: () => {
      changed ??= inner.changedFiles();
      return changed;
    },
    read: (request: ReadRequest) => {
      const key = JSON.stringify(request);
      const cached = reads.get(key);
      if (cached !== undefined) return cached;
      const fresh = inner.read(request);
      reads.set(key, fresh);
      return fresh;
    },
  };
}
