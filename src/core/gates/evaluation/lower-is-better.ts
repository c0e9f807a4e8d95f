/**
 * Words that mark a metric where a smaller value is better. Used only when no policy rule gives a
 * direction (slice gating, the improved/ok status): a wrong guess there must be rare, so these are
 * whole words of the name, not substrings ("items" is not "ms", "terror" is not "error").
 */
const LOWER_IS_BETTER_WORDS = new Set([
  "loss",
  "logloss",
  "nll",
  "error",
  "errors",
  "err",
  "mse",
  "rmse",
  "mae",
  "mape",
  "wer",
  "cer",
  "ter",
  "perplexity",
  "ppl",
  "brier",
  "latency",
  "duration",
  "time",
  "ms",
  "sec",
  "seconds",
  "fpr",
  "fnr",
  "cost",
  "eer",
]);

// The engine asks once per metric name and model; names repeat across models. Bounded: names
// are data from PRs, and a long-running App sees many.
const cache = new Map<string, boolean>();
const MAX_CACHED = 4096;

/** Whether a metric named `name` is better when lower ("val_loss", "latency_p99_ms", "WER"). */
export function lowerIsBetter(name: string): boolean {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  if (cache.size >= MAX_CACHED) cache.clear();
  // Words of snake_case, kebab-case, dotted and camelCase names: "p99Latency" → p, 99, latency.
  const lower = name
    .split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z0-9])|(?<=[0-9])(?=[A-Za-z])/)
    .some((w) => LOWER_IS_BETTER_WORDS.has(w.toLowerCase()));
  cache.set(name, lower);
  return lower;
}
