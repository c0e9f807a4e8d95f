import picomatch from "picomatch";

/** Matches a name or slice against a policy pattern, case-insensitively. */
export type NameMatcher = (s: string) => boolean;

// Policies are few and long-lived while the engine runs once per model: compile each pattern
// once per process. Bounded, since patterns come from data and a long-running App sees many.
const cache = new Map<string, NameMatcher>();
const MAX_CACHED = 4096;

/**
 * A case-insensitive matcher for a metric-name or slice pattern. Metric names and slices are not
 * paths, so `*` also crosses `/` (picomatch's bash mode); a pattern without glob characters is a
 * plain comparison, which is most rules and far cheaper.
 */
export function nocaseGlob(pattern: string): NameMatcher {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  if (cache.size >= MAX_CACHED) cache.clear();
  const matcher = compile(pattern);
  cache.set(pattern, matcher);
  return matcher;
}

function compile(pattern: string): NameMatcher {
  if (!picomatch.scan(pattern).isGlob) {
    const lower = pattern.toLowerCase();
    return (s) => s.toLowerCase() === lower;
  }
  const isMatch = picomatch(pattern, { nocase: true, dot: true, bash: true });
  return (s) => isMatch(s);
}
