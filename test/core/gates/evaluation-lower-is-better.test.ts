import { describe, expect, it } from "vitest";
import { lowerIsBetter } from "../../../src/core/gates/evaluation/lower-is-better.ts";

describe("lowerIsBetter (the direction assumed when no rule gives one)", () => {
  it.each([
    "val_loss",
    "latency_p99_ms",
    "WER",
    "error_rate",
    "valLoss",
    "mean.time.to.detect",
    "rmse",
    "p99Latency",
  ])("%s is better lower", (name) => expect(lowerIsBetter(name)).toBe(true));
  it.each(["auc", "accuracy", "f1", "items_per_s", "terror_recall", "msec_budget_ok", "precision@10"])(
    "%s is better higher",
    (name) => expect(lowerIsBetter(name)).toBe(false),
  );
});
