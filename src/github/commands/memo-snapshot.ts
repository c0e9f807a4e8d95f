import type { ChangedFile, ReadRequest, ReadResult, RepoSnapshot, Side } from "../../core/types.ts";

/**
 * A snapshot that answers a repeated request from memory. The engine's reads are a function of
 * the PR alone, so a second evaluation (with overrides) repeats the first one's requests exactly.
 */
export function memoSnapshot(inner: RepoSnapshot): RepoSnapshot {
  const reads = new Map<string, Promise<ReadResult>>();
  const listings = new Map<Side, Promise<string[]>>();
  let changed: Promise<ChangedFile[]> | null = null;
  const listAll = inner.listAll?.bind(inner);
  return {
    ...(listAll
      ? {
          listAll: (side: Side) => {
            const cached = listings.get(side) ?? listAll(side);
            listings.set(side, cached);
            return cached;
          },
        }
      : {}),
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
