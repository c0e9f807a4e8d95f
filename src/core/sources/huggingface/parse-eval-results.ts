import { z } from "zod";
import { describeValue } from "../../parse/describe-value.ts";
import { isRecord } from "../../parse/is-record.ts";
import { createIssueSink } from "../../parse/issue-sink.ts";
import { StringLike } from "../../parse/metric-schema.ts";
import { readMetricValue } from "../../parse/read-metric-value.ts";
import { readWithSchema } from "../../parse/read-with-schema.ts";
import { parseYamlSafe } from "../../parse/safe-yaml.ts";
import type { MetricValue, Parsed } from "../../types.ts";
import { baseName } from "../source.ts";

/** `dataset:` of an entry: the benchmark on the Hub, and which of its tasks (older files: config + split). */
const EvalDataset = z.looseObject({
  id: StringLike,
  task_id: StringLike.nullish(),
  config: StringLike.nullish(),
  split: StringLike.nullish(),
  revision: StringLike.nullish(),
});

/** One entry of `.eval_results/*.yaml`; `date`, `source`, `verifyToken` are kept by the Hub, not by us. */
const EvalEntry = z.looseObject({
  dataset: EvalDataset,
  /** Checked apart: a non-number value is a warning that leaves the entry out. */
  value: z.unknown().optional(),
  notes: StringLike.nullish(),
});

/** An entry has no metric name: it is named by its file (`gpqa.yaml` → `gpqa`, SPEC §1.4). */
export function evalResultName(path: string): string {
  const file = baseName(path);
  const stem = file.replace(/\.ya?ml$/i, "");
  return stem === "" ? file : stem;
}

/**
 * Reads a Hugging Face evaluation results file (https://huggingface.co/docs/hub/eval-results): a
 * YAML list of `{dataset: {id, task_id, revision?}, value, date?, source?, notes?, verifyToken?}`,
 * older files spelling `task_id` as `config` + `split`. Each entry becomes a metric value named by
 * the file, with the dataset id as its dataset, the task id as its config, the notes as its display
 * name (they tell a run with tools apart, e.g. "no-tools" and "With tools"), and no direction (SPEC §1.4). Never throws.
 */
export function parseEvalResults(file: string, text: string): Parsed<MetricValue[]> {
  const yaml = parseYamlSafe({ file, text });
  if (yaml.findings.length > 0) return { value: null, findings: yaml.findings };
  const sink = createIssueSink(file, yaml.lineOf);
  if (yaml.value === null || yaml.value === undefined) return { value: [], findings: [] };
  if (!Array.isArray(yaml.value)) {
    sink.schema([], `expected a list of evaluation results, got ${describeValue(yaml.value)}`);
    return { value: [], findings: sink.findings };
  }
  const type = evalResultName(file);
  const values: MetricValue[] = [];
  yaml.value.forEach((raw: unknown, i) => {
    if (!isRecord(raw)) {
      sink.schema([i], `expected a mapping with dataset and value, got ${describeValue(raw)}`);
      return;
    }
    const entry = readWithSchema(EvalEntry, raw, [i], sink);
    if (entry === null) return;
    const task = trimmed(entry.dataset.task_id) ?? trimmed(entry.dataset.config);
    const id = trimmed(entry.dataset.id);
    if (id === null) {
      sink.schema([i, "dataset", "id"], "is empty; the entry is left out");
      return;
    }
    if (task === null) {
      sink.schema(
        [i, "dataset", "task_id"],
        "is required (older files give config and split); the entry is left out",
      );
      return;
    }
    const value = readMetricValue(entry.value, [i, "value"], sink);
    if (value === null) return;
    values.push({
      type,
      name: trimmed(entry.notes),
      value,
      dataset: id,
      config: task,
      split: trimmed(entry.dataset.split),
      slice: null,
      n: null,
      ci: null,
      file,
      line: sink.lineOf([i, "value"]),
      revision: trimmed(entry.dataset.revision),
      directionless: true,
    });
  });
  return { value: values, findings: sink.findings };
}

function trimmed(value: unknown): string | null {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}
