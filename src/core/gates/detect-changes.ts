import {
  type Artifact,
  CHANGE_KINDS,
  type ChangeKind,
  type DataRef,
  type Manifest,
  type MetricValue,
  type ModelContext,
  type SignatureField,
} from "../types.ts";

/**
 * The kinds of change between a model's base and head (SPEC §3.3), in `CHANGE_KINDS` order.
 * An edit of the card's prose alone is no change. A new model (no base card) has no changes: the
 * versioning gate treats it on its own.
 *
 * Manifest-derived kinds are compared only when both sides have a manifest: a manifest that
 * appears (lineage being documented for the first time) or disappears (reported by the lineage
 * gate) says nothing about whether the model itself changed. Card metrics are always compared.
 */
export function detectChanges(ctx: ModelContext): ChangeKind[] {
  if (!ctx.baseCard) return [];
  const base = ctx.baseManifest;
  const head = ctx.manifest;
  const changed = new Set<ChangeKind>(ctx.sourceChanges ?? []);
  if (!sameMetrics(ctx.baseCard.metrics, ctx.card.metrics)) changed.add("metrics");
  if (base && head) {
    if (signatureBroken(base, head)) changed.add("signature");
    if (!sameData(base.data, head.data)) changed.add("data");
    if (!deepEqual(base.params, head.params)) changed.add("params");
    if (!sameArtifacts(base.artifacts, head.artifacts)) changed.add("artifacts");
    if (!sameMetrics(base.metrics, head.metrics)) changed.add("metrics");
    if (trimmed(base.code?.commit) !== trimmed(head.code?.commit)) changed.add("code");
  }
  return CHANGE_KINDS.filter((k) => changed.has(k));
}

/**
 * A break for callers: an input or output removed (a rename is a removal), retyped, an input
 * added as required, or an optional input made required. Added outputs and added optional
 * inputs are compatible. A signature declared on one side only is not compared.
 */
function signatureBroken(base: Manifest, head: Manifest): boolean {
  if (!base.signature || !head.signature) return false;
  return (
    fieldsBroken(base.signature.inputs, head.signature.inputs, true) ||
    fieldsBroken(base.signature.outputs, head.signature.outputs, false)
  );
}

function fieldsBroken(base: SignatureField[], head: SignatureField[], inputs: boolean): boolean {
  const headByName = new Map(head.map((f) => [f.name, f]));
  const baseByName = new Map(base.map((f) => [f.name, f]));
  for (const [name, was] of baseByName) {
    const now = headByName.get(name);
    if (!now || typeName(now.type) !== typeName(was.type)) return true;
    if (inputs && was.optional && !now.optional) return true;
  }
  if (!inputs) return false;
  return head.some((f) => !baseByName.has(f.name) && !f.optional);
}

/** `Float` and ` float` are the same type. */
function typeName(type: string | null): string | null {
  return type === null ? null : type.trim().toLowerCase();
}

/** A data entry added or removed, or its version or sha256 changed. */
function sameData(base: Record<string, DataRef>, head: Record<string, DataRef>): boolean {
  const keys = new Set([...Object.keys(base), ...Object.keys(head)]);
  for (const key of keys) {
    const b = Object.hasOwn(base, key) ? base[key] : undefined;
    const h = Object.hasOwn(head, key) ? head[key] : undefined;
    if (!b || !h) return false;
    if (trimmed(b.version) !== trimmed(h.version) || hash(b.sha256) !== hash(h.sha256)) return false;
  }
  return true;
}

/** Artifacts as a set of (path, sha256); without a hash, the size is all there is to compare. */
function sameArtifacts(base: Artifact[], head: Artifact[]): boolean {
  const key = (a: Artifact) => JSON.stringify([a.path, hash(a.sha256), a.sha256 ? null : a.bytes]);
  return sameSet(base.map(key), head.map(key));
}

/**
 * Metrics paired as the evaluation gate pairs them; any added, removed or different value.
 * Called for every metric of every changed model, twice (versioning gate and report): keys are
 * built by concatenation, not JSON, and the head side stops at its first unknown key.
 */
function sameMetrics(base: MetricValue[], head: MetricValue[]): boolean {
  // Fast path, no allocation: lists in the same order (the usual case) are compared in place; a
  // value that differs at a position holding the same metric is a change without further ado.
  if (base.length === head.length) {
    let i = 0;
    for (; i < base.length; i++) {
      const b = base[i] as MetricValue;
      const h = head[i] as MetricValue;
      if (!sameIdentity(b, h)) break;
      if (b.value !== h.value) return false;
    }
    if (i === base.length) return true;
  }
  const baseKeys = new Set(base.map(metricKey));
  const headKeys = new Set<string>();
  for (const m of head) {
    const key = metricKey(m);
    if (!baseKeys.has(key)) return false;
    headKeys.add(key);
  }
  return headKeys.size === baseKeys.size;
}

/** Each part is length-prefixed (null is `~`), so no two different metrics share a key. */
function metricKey(m: MetricValue): string {
  return (
    part(m.type) + part(m.name) + part(m.dataset) + part(m.config) + part(m.split) + part(m.slice) + m.value
  );
}

function sameIdentity(a: MetricValue, b: MetricValue): boolean {
  return (
    a.type === b.type &&
    a.name === b.name &&
    a.dataset === b.dataset &&
    a.config === b.config &&
    a.split === b.split &&
    a.slice === b.slice
  );
}

const part = (s: string | null): string => (s === null ? "~" : `${s.length}:${s}`);

function sameSet(a: string[], b: string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size !== sb.size) return false;
  for (const x of sa) if (!sb.has(x)) return false;
  return true;
}

function trimmed(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}

function hash(s: string | null): string | null {
  return trimmed(s)?.toLowerCase() ?? null;
}

/**
 * Structural equality of parsed YAML/JSON values. Key order does not matter; NaN equals NaN.
 * Beyond a depth no parsed file reaches (the parser refuses deeper nesting) values count as
 * different, so a pathological value cannot overflow the stack.
 */
function deepEqual(a: unknown, b: unknown, depth = 0): boolean {
  if (Object.is(a, b) || (a === 0 && b === 0)) return true;
  if (depth > 100 || typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i], depth + 1));
  }
  const ea = Object.entries(a);
  const eb = new Map(Object.entries(b));
  if (ea.length !== eb.size) return false;
  return ea.every(([k, v]) => eb.has(k) && deepEqual(v, eb.get(k), depth + 1));
}
