/** The formats modelgate reads models from (SPEC §1.4), as named in `paths.sources` and reports. */
export const SOURCE_NAMES = ["native", "dvc", "mlflow", "huggingface"] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];
