import { isRecord } from "../../parse/is-record.ts";
import { parseYamlSafe } from "../../parse/safe-yaml.ts";
import type { Finding, Parsed, SignatureField } from "../../types.ts";
import { decodeSignature } from "./decode-signature.ts";

/** An MLflow `MLmodel` file (https://mlflow.org/docs/latest/model#storage-format). */
export interface MlModel {
  file: string;
  artifactPath: string | null;
  runId: string | null;
  modelUuid: string | null;
  created: string | null;
  mlflowVersion: string | null;
  /** Flavor → its library version (`sklearn` → `1.6.1`; `python_function` → the Python version). */
  flavors: Record<string, string | null>;
  signature: { inputs: SignatureField[]; outputs: SignatureField[] } | null;
  lineOf(path: ReadonlyArray<PropertyKey>): number | null;
}

/** Reads an MLmodel; a signature that is not a JSON list is a parse.schema finding. Never throws. */
export function parseMlModel(file: string, text: string): Parsed<MlModel> {
  const yaml = parseYamlSafe({ file, text });
  const findings: Finding[] = [...yaml.findings];
  const doc = isRecord(yaml.value) ? yaml.value : {};
  const str = (v: unknown) => (typeof v === "string" || typeof v === "number" ? String(v) : null);
  const flavors: Record<string, string | null> = {};
  for (const [name, f] of Object.entries(isRecord(doc.flavors) ? doc.flavors : {})) {
    const own = isRecord(f) ? Object.entries(f).find(([k]) => k.endsWith("_version")) : undefined;
    flavors[name] = own ? str(own[1]) : null;
  }
  let signature: MlModel["signature"] = null;
  if (isRecord(doc.signature)) {
    const inputs = decodeSignature(doc.signature.inputs);
    const outputs = doc.signature.outputs == null ? [] : decodeSignature(doc.signature.outputs);
    for (const [key, value] of [
      ["inputs", inputs],
      ["outputs", outputs],
    ] as const)
      if (value === null)
        findings.push({
          gate: "parse",
          code: "parse.schema",
          severity: "error",
          model: null,
          file,
          line: yaml.lineOf(["signature", key]),
          message: `signature.${key} must be a JSON list of column or tensor specs`,
        });
    signature = { inputs: inputs ?? [], outputs: outputs ?? [] };
  }
  return {
    value: {
      file,
      artifactPath: str(doc.artifact_path),
      runId: str(doc.run_id),
      modelUuid: str(doc.model_uuid),
      created: str(doc.utc_time_created),
      mlflowVersion: str(doc.mlflow_version),
      flavors,
      signature,
      lineOf: yaml.lineOf,
    },
    findings,
  };
}
