import type { Finding, MetricValue, ModelContext, Side } from "../../types.ts";
import type { SourceView } from "../source.ts";
import { evalResultsDirOf, isEvalResultPath } from "./eval-results-paths.ts";
import { parseEvalResults } from "./parse-eval-results.ts";

/**
 * A Hugging Face card's `.eval_results/*.yaml` added to its metrics, at head and at base (SPEC
 * §1.4). An entry is paired by (dataset id, task id, notes), whatever file it is in: a base entry
 * takes the name of the head entry it pairs with, so a renamed file still compares its values.
 * Findings are the head files' (a base file's errors are not this PR's).
 */
export function withEvalResults(
  view: SourceView,
  model: ModelContext,
): { model: ModelContext; findings: Finding[] } {
  const findings: Finding[] = [];
  const head = firstOfEach(readSide(view, "head", evalResultsDirOf(model.card.file), findings), findings);
  const baseCard = model.baseCard;
  if (baseCard === null) return done(model, head, null, findings);
  const base = firstOfEach(readSide(view, "base", evalResultsDirOf(baseCard.file), null), null);
  const headName = new Map(head.map((m) => [identity(m), m.type]));
  const paired = base.map((m) => {
    const name = headName.get(identity(m));
    return name === undefined || name === m.type ? m : { ...m, type: name };
  });
  return done(model, head, paired, findings);
}

function done(
  model: ModelContext,
  head: MetricValue[],
  base: MetricValue[] | null,
  findings: Finding[],
): { model: ModelContext; findings: Finding[] } {
  const own = findings.map((f) => ({ ...f, model: f.model ?? model.name }));
  if (head.length === 0 && (base === null || base.length === 0)) return { model, findings: own };
  const card = { ...model.card, metrics: [...model.card.metrics, ...head] };
  const baseCard =
    model.baseCard === null || base === null
      ? model.baseCard
      : { ...model.baseCard, metrics: [...model.baseCard.metrics, ...base] };
  return { model: { ...model, card, baseCard }, findings: own };
}

/** The entries of every `.eval_results/*.yaml` of one side, in path order. */
function readSide(view: SourceView, side: Side, dir: string, findings: Finding[] | null): MetricValue[] {
  const files = (view.listed(side, dir) ?? []).filter(isEvalResultPath).sort();
  return files.flatMap((file) => {
    const text = view.text(side, file);
    if (text === null) return [];
    const parsed = parseEvalResults(file, text);
    findings?.push(...parsed.findings);
    return parsed.value ?? [];
  });
}

/** (dataset id, task id, notes): what an entry is, whatever its file is called (SPEC §1.4). */
const identity = (m: MetricValue): string =>
  [m.dataset, m.config, m.split, m.name].map((x) => x ?? "").join("\u0000");

/**
 * One value per identity: a repeated entry would pair with either base value. The first in path
 * order is compared; a repeat at head is a warning on its line.
 */
function firstOfEach(values: MetricValue[], findings: Finding[] | null): MetricValue[] {
  const first = new Map<string, MetricValue>();
  const out: MetricValue[] = [];
  for (const m of values) {
    const key = identity(m);
    const prior = first.get(key);
    if (prior === undefined) {
      first.set(key, m);
      out.push(m);
      continue;
    }
    findings?.push({
      gate: "parse",
      code: "parse.schema",
      severity: "warning",
      model: null,
      file: m.file,
      line: m.line,
      message: `repeats the evaluation result at ${prior.file}:${prior.line ?? 1} (same dataset ${m.dataset}, task ${m.config}${m.name === null ? "" : `, notes "${m.name}"`}); only that one is compared`,
    });
  }
  return out;
}
