import type { DataRef, MetricValue } from "../types.ts";
import type { IssueSink } from "./issue-sink.ts";
import type { KeyPath } from "./key-path.ts";
import { ManifestMetric } from "./metric-schema.ts";
import { type SourceText, scalarText } from "./raw-scalar.ts";
import { readMetricValue } from "./read-metric-value.ts";
import { readWithSchema } from "./read-with-schema.ts";

export interface ManifestMetrics {
  values: MetricValue[];
  /** The `data` key each value was scored on, parallel to `values`. */
  dataKeys: string[];
}

const DEFAULT_DATA_KEY = "eval";

/**
 * A manifest's `metrics` (or `baseline.metrics`) list. Each metric is paired by the *name* of the
 * data it was scored on (`data.<key>.name`, else the key), so base and head compare like with like.
 */
export function readManifestMetrics(
  list: ReadonlyArray<unknown> | null | undefined,
  path: KeyPath,
  data: Readonly<Record<string, DataRef>>,
  sink: IssueSink,
  src: SourceText,
): ManifestMetrics {
  const out: ManifestMetrics = { values: [], dataKeys: [] };
  (list ?? []).forEach((item, i) => {
    const itemPath = [...path, i];
    const m = readWithSchema(ManifestMetric, item, itemPath, sink);
    if (m === null) return;
    const type = (scalarText(m.name, [...itemPath, "name"], src) ?? "").trim();
    if (type === "") {
      sink.schema([...itemPath, "name"], "is empty; the metric is left out");
      return;
    }
    const value = readMetricValue(m.value, [...itemPath, "value"], sink);
    if (value === null) return;
    const dataKey = m.dataset ?? DEFAULT_DATA_KEY;
    const ref = Object.hasOwn(data, dataKey) ? data[dataKey] : undefined;
    if (m.dataset != null && ref === undefined && Object.keys(data).length > 0) {
      const known = Object.keys(data).join(", ");
      sink.schema([...itemPath, "dataset"], `"${dataKey}" is not a key of data (${known})`, "warning");
    }
    out.values.push({
      type,
      name: null,
      value,
      dataset: ref?.name ?? dataKey,
      config: null,
      split: null,
      slice: m.slice == null ? null : String(m.slice),
      n: m.n ?? null,
      ci: m.ci ?? null,
      file: sink.file,
      line: sink.lineOf(itemPath),
    });
    out.dataKeys.push(dataKey);
  });
  return out;
}
