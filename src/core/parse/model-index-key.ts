/** The key holding Hugging Face results: `model-index`, or the legacy (transformers 4.9) `model_index`. */
export function modelIndexKey(fields: Record<string, unknown>): string | null {
  if (fields["model-index"] != null) return "model-index";
  if (fields.model_index != null) return "model_index";
  return null;
}
