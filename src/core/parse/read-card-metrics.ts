import type { MetricValue } from "../types.ts";
import { describeValue } from "./describe-value.ts";
import { isRecord } from "./is-record.ts";
import type { IssueSink } from "./issue-sink.ts";
import type { KeyPath } from "./key-path.ts";
import { CardMetric } from "./metric-schema.ts";
import { modelIndexKey } from "./model-index-key.ts";
import { readMetricValue } from "./read-metric-value.ts";
import { readWithSchema } from "./read-with-schema.ts";

interface DatasetId {
  dataset: string | null;
  config: string | null;
  split: string | null;
}

/** Every metric of `model-index[].results[].metrics[]` that has a finite value. */
export function readCardMetrics(fields: Record<string, unknown>, sink: IssueSink): MetricValue[] {
  const key = modelIndexKey(fields);
  if (key === null) return [];
  return eachItem(fields[key], [key], "a list of models", sink).flatMap(([entry, path]) => {
    if (!isRecord(entry)) {
      sink.schema(path, `expected a mapping with name and results, got ${describeValue(entry)}`);
      return [];
    }
    return eachItem(entry.results, [...path, "results"], "a list of results", sink).flatMap(([r, p]) =>
      readResult(r, p, sink),
    );
  });
}

function readResult(result: unknown, path: KeyPath, sink: IssueSink): MetricValue[] {
  if (!isRecord(result)) {
    sink.schema(path, `expected a mapping with task, dataset and metrics, got ${describeValue(result)}`);
    return [];
  }
  const id = readDataset(result.dataset, [...path, "dataset"], sink);
  return metricItems(result, path, sink).flatMap(([m, p]) => {
    const metric = readMetric(m, p, id, sink);
    return metric === null ? [] : [metric];
  });
}

/** `metrics: [...]`, or the legacy (transformers 4.9) singular `metric:` mapping or list. */
function metricItems(
  result: Record<string, unknown>,
  path: KeyPath,
  sink: IssueSink,
): Array<[unknown, KeyPath]> {
  if (result.metrics != null)
    return eachItem(result.metrics, [...path, "metrics"], "a list of metrics", sink);
  if (isRecord(result.metric)) return [[result.metric, [...path, "metric"]]];
  return eachItem(result.metric, [...path, "metric"], "a list of metrics", sink);
}

function readMetric(raw: unknown, path: KeyPath, id: DatasetId, sink: IssueSink): MetricValue | null {
  const m = readWithSchema(CardMetric, raw, path, sink);
  if (m === null) return null;
  const type = text(m.type) ?? text(m.name);
  if (type === null) {
    sink.schema([...path, "type"], "is missing; the metric is left out");
    return null;
  }
  const value = readMetricValue(m.value, [...path, "value"], sink);
  if (value === null) return null;
  const name = text(m.name);
  return {
    type,
    name: name === type ? null : name,
    value,
    ...id,
    slice: text(m.slice),
    n: m.n ?? null,
    ci: m.ci ?? null,
    file: sink.file,
    line: sink.lineOf(path),
  };
}

function readDataset(raw: unknown, path: KeyPath, sink: IssueSink): DatasetId {
  const none: DatasetId = { dataset: null, config: null, split: null };
  if (raw == null) return none;
  if (typeof raw === "string") return { ...none, dataset: raw };
  if (!isRecord(raw)) {
    sink.schema(path, `expected a mapping with name, config and split, got ${describeValue(raw)}`);
    return none;
  }
  return {
    dataset: text(raw.name) ?? text(raw.type),
    // Older cards give the config as `args: sst2`; a mapping of `args` is not a config.
    config: text(raw.config) ?? text(raw.args),
    split: text(raw.split),
  };
}

/** The items of an optional list, each with its key path; anything else but a list is reported. */
function eachItem(value: unknown, path: KeyPath, what: string, sink: IssueSink): Array<[unknown, KeyPath]> {
  if (value == null) return [];
  if (!Array.isArray(value)) {
    sink.schema(path, `expected ${what}, got ${describeValue(value)}`);
    return [];
  }
  return value.map((item, i): [unknown, KeyPath] => [item, [...path, i]]);
}

function text(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}
