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

/** Whether a metric named `name` is better when lower ("val_loss", "latency_p99_ms", "WER"). */
export function lowerIsBetter(name: string): boolean {
  // Words of snake_case, kebab-case, dotted and camelCase names: "valLoss" → val, loss.
  for (const word of name.split(/[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z0-9])/)) {
    if (LOWER_IS_BETTER_WORDS.has(word.toLowerCase())) return true;
  }
  return false;
}
