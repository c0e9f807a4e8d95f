import picomatch from "picomatch";
import type { Gates, GatesOverride, MetricRule, Policy } from "./schema.ts";

/**
 * The gates that apply to one model: the policy's gates with every `models:` entry whose glob
 * matches the name applied over them, in key order (a later entry wins). Objects merge deeply;
 * `evaluation.metrics` merges by rule name (case-insensitively, as names match metrics); every
 * other list replaces. The policy is not mutated, and the result shares nothing with it.
 */
export function gatesForModel(policy: Policy, modelName: string): Gates {
  let gates = structuredClone(policy.gates);
  for (const [glob, entry] of Object.entries(policy.models)) {
    if (entry.gates === undefined || !picomatch.isMatch(modelName, glob)) continue;
    gates = applyOverride(gates, entry.gates);
  }
  return gates;
}

function applyOverride(gates: Gates, override: GatesOverride): Gates {
  const { evaluation, ...rest } = override;
  // `mergeDeep` keeps the shape of its first argument: the override schema is the gates schema
  // with every key optional, so the merge of the two is again a `Gates`.
  const merged = mergeDeep(gates, rest) as Gates;
  if (evaluation === undefined) return merged;
  const { metrics, ...evaluationRest } = evaluation;
  const mergedEvaluation = mergeDeep(merged.evaluation, evaluationRest) as Gates["evaluation"];
  if (metrics !== undefined) mergedEvaluation.metrics = mergeRules(merged.evaluation.metrics, metrics);
  return { ...merged, evaluation: mergedEvaluation };
}

/** Same name (case-insensitive): the override's fields win over the rule's; new names are appended. */
function mergeRules(base: ReadonlyArray<MetricRule>, over: ReadonlyArray<MetricRule>): MetricRule[] {
  const out = base.map((rule) => structuredClone(rule));
  for (const rule of over) {
    const i = out.findIndex((r) => r.name.toLowerCase() === rule.name.toLowerCase());
    const patch = structuredClone(definedOnly(rule));
    if (i === -1) out.push(patch);
    else out[i] = { ...out[i], ...patch };
  }
  return out;
}

/** `undefined` means "not set" in an override, so it must not erase a value it is merged over. */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Mappings merge key by key; anything else from `over` (lists included) replaces, cloned. */
function mergeDeep(base: unknown, over: unknown): unknown {
  if (over === undefined) return structuredClone(base);
  if (!isMapping(base) || !isMapping(over)) return structuredClone(over);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[key] = mergeDeep(base[key], value);
  }
  return out;
}
