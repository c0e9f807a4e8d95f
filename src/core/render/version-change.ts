import type { ModelReport } from "../report.ts";

/**
 * A model's version change as the report shows it, each version passed through `show` (the
 * Markdown renderer quotes it). A version nobody wrote is said in words, never "?": a DVC or
 * MLflow model versioned by its registry (GTO tags, MLflow's registry) has no head version until
 * it is registered after merge, which the version.register notice says how to do.
 */
export function versionChange(
  m: ModelReport,
  show: (v: string) => string = (v) => v,
  newLabel = "new",
): string {
  const registry = m.source === "dvc" || m.source === "mlflow";
  const head = m.version === null ? (registry ? "to register after merge" : "no version") : show(m.version);
  if (m.isNew) return `${head} (${newLabel})`;
  if (m.baseVersion === null && m.version === null) return registry ? "not registered yet" : "no version";
  return `${m.baseVersion === null ? "no version" : show(m.baseVersion)} → ${head}`;
}
