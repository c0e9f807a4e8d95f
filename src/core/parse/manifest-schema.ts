import { z } from "zod";
import { StringLike } from "./metric-schema.ts";

/*
 * The experiment manifest of SPEC §1.2. Loose objects: a manifest is written by training code
 * and trackers that add their own keys, so unknown keys are kept, never errors. Lists are checked
 * item by item by the parser (so one bad item does not hide the others); here they are `unknown[]`.
 */

const text = z.string().nullish();
const textLike = StringLike.nullish();
const list = z.array(z.unknown(), { error: "expected a list" }).nullish();

export const ManifestTop = z.looseObject({
  model: textLike,
  run: z.looseObject({ id: textLike, url: text, tracker: text }).nullish(),
  code: z.looseObject({ commit: textLike, entrypoint: text, seed: textLike }).nullish(),
  environment: z.looseObject({ lockfile: text, image: text }).nullish(),
  data: z.record(z.string(), z.unknown()).nullish(),
  params: z.record(z.string(), z.unknown()).nullish(),
  signature: z.looseObject({ inputs: list, outputs: list }).nullish(),
  metrics: list,
  metrics_file: text,
  baseline: z.looseObject({ version: textLike, metrics: list }).nullish(),
  artifacts: list,
});
export type ManifestTop = z.infer<typeof ManifestTop>;

/** One entry of `data` (train, eval, …). */
export const DataEntry = z.looseObject({ name: textLike, version: textLike, sha256: textLike, uri: text });

/** One input or output of `signature`; `optional: true` or `required: false` marks it optional. */
export const SignatureEntry = z.looseObject({
  name: StringLike,
  type: text,
  optional: z.boolean().nullish(),
  required: z.boolean().nullish(),
});

export const ArtifactEntry = z.looseObject({
  path: text,
  sha256: textLike,
  bytes: z.number().int().nonnegative().nullish(),
});
