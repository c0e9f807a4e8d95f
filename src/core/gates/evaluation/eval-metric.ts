import type { MetricValue } from "../../types.ts";

/** A metric value as the evaluation gate handles it: with its pairing keys computed once. */
export interface EvalMetric {
  metric: MetricValue;
  /** The manifest `data` key it was scored on (`eval` by default; for a card value, guessed). */
  dataKey: string;
  source: "card" | "run";
  /** SPEC §1.1 pairing: (type, name, dataset, config, split, slice); type, name, slice lower-cased. */
  key: string;
  /** (type, slice): the fallback pairing across a card/run or renamed-dataset boundary. */
  looseKey: string;
  /** (type, name): what policy rules are matched against. */
  nameKey: string;
}

const SEP = "\u0000";

export function evalMetric(metric: MetricValue, dataKey: string, source: EvalMetric["source"]): EvalMetric {
  const type = metric.type.toLowerCase();
  const name = metric.name === null ? "" : metric.name.toLowerCase();
  const slice = metric.slice === null ? "" : metric.slice.toLowerCase();
  const nameKey = type + SEP + name;
  const looseKey = type + SEP + slice;
  const key = `${nameKey}${SEP}${metric.dataset ?? ""}${SEP}${metric.config ?? ""}${SEP}${metric.split ?? ""}${SEP}${slice}`;
  return { metric, dataKey, source, key, looseKey, nameKey };
}
