import type { MetricValue, Parsed } from "../types.ts";
import { condenseFindings } from "./condense-findings.ts";
import { isRecord } from "./is-record.ts";
import type { LineOf } from "./issue-sink.ts";
import { parseYamlSafe } from "./safe-yaml.ts";

interface Walk {
  file: string;
  dataset: string | null;
  lineOf: LineOf;
  out: MetricValue[];
}

/**
 * A DVC-style metrics file (JSON or YAML): every finite number, its key path flattened with "."
 * (`{"test": {"acc": 0.9}}` → `test.acc`, list items by index). Strings, booleans and nulls are
 * not metrics (DVC files carry step counters, timestamps, labels) and are skipped silently.
 * `dataset` is the name of the data the file was scored on, for pairing. Never throws.
 */
export function parseMetricsFile(
  file: string,
  text: string,
  opts: { dataset: string | null },
): Parsed<MetricValue[]> {
  const yaml = parseYamlSafe({ file, text });
  if (yaml.findings.length > 0) return { value: null, findings: condenseFindings(yaml.findings) };
  const walk: Walk = { file, dataset: opts.dataset, lineOf: yaml.lineOf, out: [] };
  visit(yaml.value, [], walk);
  return { value: walk.out, findings: [] };
}

/** Recursion is bounded: safe-yaml refuses nesting deeper than 64. */
function visit(node: unknown, path: Array<string | number>, walk: Walk): void {
  if (typeof node === "number") {
    if (Number.isFinite(node) && path.length > 0) walk.out.push(metric(node, path, walk));
    return;
  }
  if (Array.isArray(node)) {
    node.forEach((item, i) => {
      visit(item, [...path, i], walk);
    });
    return;
  }
  if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) visit(value, [...path, key], walk);
  }
}

function metric(value: number, path: ReadonlyArray<string | number>, walk: Walk): MetricValue {
  return {
    type: path.join("."),
    name: null,
    value,
    dataset: walk.dataset,
    config: null,
    split: null,
    slice: null,
    n: null,
    ci: null,
    file: walk.file,
    line: walk.lineOf(path),
  };
}
