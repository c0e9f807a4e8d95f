import { isRecord } from "../../parse/is-record.ts";
import type { SignatureField } from "../../types.ts";

/**
 * An MLmodel `signature.inputs`/`outputs`: a JSON string (https://mlflow.org/docs/latest/model/signatures).
 * Column specs `{name, type, required}` keep their names; tensor specs `{type: tensor,
 * tensor-spec: {dtype, shape}}` are named by position, typed `tensor<dtype>[shape]`, so a changed
 * dtype or shape is a retype. null when the string is not a JSON list. Never throws.
 */
export function decodeSignature(raw: unknown): SignatureField[] | null {
  if (typeof raw !== "string") return Array.isArray(raw) ? fields(raw) : null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  return Array.isArray(parsed) ? fields(parsed) : null;
}

function fields(list: unknown[]): SignatureField[] {
  return list.slice(0, 10_000).flatMap((e, i) => {
    if (!isRecord(e)) return [];
    const spec = isRecord(e["tensor-spec"]) ? e["tensor-spec"] : null;
    const type =
      e.type === "tensor" && spec
        ? `tensor<${String(spec.dtype)}>[${Array.isArray(spec.shape) ? spec.shape.join(",") : "?"}]`
        : typeof e.type === "string"
          ? e.type
          : null;
    const name = typeof e.name === "string" && e.name !== "" ? e.name : `[${i}]`;
    return [{ name, type, optional: e.required === false }];
  });
}
