import { z } from "zod";

/** A field meant as text that YAML may read as a number (`config: 3`, `version: 2.1`). */
export const StringLike = z.union([z.string(), z.number()], { error: "expected a string" });

/** Sample size. */
export const SampleSize = z.number().nonnegative();

/** 95 % confidence interval `[low, high]`. */
export const ConfidenceInterval = z
  .tuple([z.number(), z.number()])
  .refine(([low, high]) => low <= high, "expected [low, high] with low ≤ high");

/** Our extensions of a metric, shared by cards (`model-index`) and manifests (SPEC §1.1). */
const extensions = {
  slice: StringLike.nullish(),
  n: SampleSize.nullish(),
  ci: ConfidenceInterval.nullish(),
  /** Checked apart: a non-number value is a warning that leaves the metric out, not a shape error. */
  value: z.unknown().optional(),
};

/** `model-index[].results[].metrics[]`: known by `type` (or `name` when a card omits it). */
export const CardMetric = z.looseObject({
  type: StringLike.nullish(),
  name: StringLike.nullish(),
  ...extensions,
});
export type CardMetric = z.infer<typeof CardMetric>;

/** A manifest `metrics[]` entry; `dataset` names a key of `data` (default `eval`). */
export const ManifestMetric = z.looseObject({
  name: StringLike,
  dataset: z.string().nullish(),
  ...extensions,
});
export type ManifestMetric = z.infer<typeof ManifestMetric>;
