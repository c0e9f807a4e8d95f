import type { SignatureField } from "../types.ts";
import type { IssueSink } from "./issue-sink.ts";
import { type ManifestTop, SignatureEntry } from "./manifest-schema.ts";
import { type SourceText, scalarText } from "./raw-scalar.ts";
import { readWithSchema } from "./read-with-schema.ts";

export type Signature = { inputs: SignatureField[]; outputs: SignatureField[] };

/** `signature.inputs` / `outputs`; a field without a name is reported and skipped. */
export function readSignature(
  sig: ManifestTop["signature"],
  sink: IssueSink,
  src: SourceText,
): Signature | null {
  if (sig == null) return null;
  return {
    inputs: readFields(sig.inputs, "inputs", sink, src),
    outputs: readFields(sig.outputs, "outputs", sink, src),
  };
}

function readFields(
  list: ReadonlyArray<unknown> | null | undefined,
  key: "inputs" | "outputs",
  sink: IssueSink,
  src: SourceText,
): SignatureField[] {
  return (list ?? []).flatMap((item, i) => {
    const path = ["signature", key, i];
    const field = readWithSchema(SignatureEntry, item, path, sink);
    if (field === null) return [];
    const name = scalarText(field.name, [...path, "name"], src) ?? String(field.name);
    return [
      { name, type: field.type ?? null, optional: field.optional === true || field.required === false },
    ];
  });
}
