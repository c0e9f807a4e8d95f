import picomatch from "picomatch";
import type { Gates, GatesOverride, MetricRule, Policy } from "./schema.ts";

/**
 * The gates that apply to one model: the policy's gates with every `models:` entry whose glob
 * matches the name applied over them, in key order (a later entry wins). Objects merge deeply;
 * `evaluation.metrics` merges by rule name (case-insensitively, as names match metrics); every
 * other list replaces. The policy is not mutated, and the result shares nothing with it.
 */
export function gatesForModel(policy: Policy, modelName: string): Gates {
  return structuredClone(sharedGatesForModel(policy, modelName));
}

/**
 * `gatesForModel` for the engine, which asks for thousands of models under one policy and only
 * reads the answer: each glob is compiled once per policy, and the gates are merged once per set
 * of matching entries (most models match none) and shared, deeply frozen, between the models
 * that match the same entries.
 */
export function sharedGatesForModel(policy: Policy, modelName: string): Readonly<Gates> {
  const compiled = compiledFor(policy);
  const matching = compiled.entries.filter((entry) => entry.matches(modelName));
  const signature = matching.map((entry) => entry.index).join(",");
  let gates = compiled.merged.get(signature);
  if (gates === undefined) {
    gates = structuredClone(policy.gates);
    for (const entry of matching) gates = applyOverride(gates, entry.gates);
    deepFreeze(gates);
    compiled.merged.set(signature, gates);
  }
  return gates;
}

interface CompiledEntry {
  index: number;
  matches: (name: string) => boolean;
  gates: GatesOverride;
}

interface CompiledPolicy {
  /** The `models:` entries that have gates, in key order. */
  entries: CompiledEntry[];
  /** Merged gates by the positions of the matching entries ("0,2"; "" for none). */
  merged: Map<string, Gates>;
}

const compiledPolicies = new WeakMap<Policy, CompiledPolicy>();

function compiledFor(policy: Policy): CompiledPolicy {
  const known = compiledPolicies.get(policy);
  if (known !== undefined) return known;
  const entries: CompiledEntry[] = [];
  for (const [glob, entry] of Object.entries(policy.models)) {
    if (entry.gates === undefined) continue;
    entries.push({ index: entries.length, matches: picomatch(glob), gates: entry.gates });
  }
  const compiled = { entries, merged: new Map<string, Gates>() };
  compiledPolicies.set(policy, compiled);
  return compiled;
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
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
export function mergeDeep(base: unknown, over: unknown): unknown {
  if (over === undefined) return structuredClone(base);
  if (!isMapping(base) || !isMapping(over)) return structuredClone(over);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[key] = mergeDeep(base[key], value);
  }
  return out;
}
