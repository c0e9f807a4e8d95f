import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectChanges } from "../../../src/core/gates/detect-changes.ts";
import { documentationGate } from "../../../src/core/gates/documentation-gate.ts";
import { lineageGate } from "../../../src/core/gates/lineage-gate.ts";
import { versioningGate } from "../../../src/core/gates/versioning-gate.ts";
import {
  type Artifact,
  CHANGE_KINDS,
  type DataRef,
  type Manifest,
  type MetricValue,
  type ModelCard,
  type ModelContext,
  type SignatureField,
} from "../../../src/core/types.ts";
import { gates } from "./builders.ts";

/** Strings a hostile or careless file might hold, mixed with plausible ones. */
const text = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "",
    " ",
    "latest",
    "HEAD",
    "v1.2.3",
    "1.2.3",
    "0.0.0",
    "1.0.0-rc.1",
    "__proto__",
    "constructor",
    "a".repeat(64),
  ),
  fc.stringMatching(/^\d{1,3}\.\d{1,3}\.\d{1,3}(-[a-z0-9.]{1,5})?$/),
);
const nullable = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const line = nullable(fc.integer({ min: 1, max: 1000 }));
const path = fc.oneof(text, fc.constantFrom("m/MODEL_CARD.md", "m/experiment.yaml", "m/requirements.lock"));
const record = fc.dictionary(text, fc.jsonValue(), { maxKeys: 5 });

const metric: fc.Arbitrary<MetricValue> = fc.record({
  type: text,
  name: nullable(text),
  value: fc.double(),
  dataset: nullable(text),
  config: nullable(text),
  split: nullable(text),
  slice: nullable(text),
  n: nullable(fc.double()),
  ci: nullable(fc.tuple(fc.double(), fc.double())),
  file: path,
  line,
});

const card: fc.Arbitrary<ModelCard> = fc.record({
  file: path,
  name: text,
  version: nullable(text),
  versionLine: line,
  owners: fc.array(fc.record({ name: text, contact: nullable(text) }), { maxLength: 2 }),
  experiment: nullable(path),
  experimentLine: line,
  fields: record,
  fieldLines: fc.dictionary(text, fc.integer({ min: 1, max: 99 }), { maxKeys: 5 }),
  sections: fc.array(
    fc.record({ title: text, level: fc.integer({ min: 1, max: 6 }), text: fc.string(), line: fc.nat() }),
    {
      maxLength: 5,
    },
  ),
  metrics: fc.array(metric, { maxLength: 3 }),
});

const dataRef: fc.Arbitrary<DataRef> = fc.record({
  name: nullable(text),
  version: nullable(text),
  sha256: nullable(text),
  uri: nullable(text),
  line,
});
const field: fc.Arbitrary<SignatureField> = fc.record({
  name: text,
  type: nullable(text),
  optional: fc.boolean(),
});
const artifact: fc.Arbitrary<Artifact> = fc.record({
  path: nullable(path),
  sha256: nullable(text),
  bytes: nullable(fc.double()),
  line,
});

const manifest: fc.Arbitrary<Manifest> = fc
  .record({
    file: path,
    model: nullable(text),
    run: nullable(fc.record({ id: nullable(text), url: nullable(text), tracker: nullable(text) })),
    code: nullable(
      fc.record({
        commit: nullable(text),
        entrypoint: nullable(text),
        seed: nullable(fc.oneof(fc.integer(), text)),
        line,
      }),
    ),
    environment: nullable(fc.record({ lockfile: nullable(path), image: nullable(text), line })),
    data: fc.dictionary(fc.oneof(text, fc.constantFrom("train", "eval")), dataRef, { maxKeys: 3 }),
    params: record,
    signature: nullable(
      fc.record({ inputs: fc.array(field, { maxLength: 3 }), outputs: fc.array(field, { maxLength: 2 }) }),
    ),
    metrics: fc.array(metric, { maxLength: 3 }),
    metricsDataKey: fc.array(text, { maxLength: 3 }),
    metricsFile: nullable(path),
    metricsFileLine: line,
    lockfile: nullable(path),
    baseline: fc.constant(null),
    artifacts: fc.array(artifact, { maxLength: 3 }),
    raw: fc.oneof(record, fc.object()),
    lines: fc.dictionary(text, fc.integer({ min: 1, max: 99 }), { maxKeys: 5 }),
  })
  .map(({ lines, ...m }) => {
    const table = new Map(Object.entries(lines));
    return { ...m, lineOf: (p: string) => table.get(p) ?? null };
  });

const context: fc.Arbitrary<ModelContext> = fc.record({
  name: text,
  card,
  baseCard: nullable(card),
  manifest: nullable(manifest),
  baseManifest: nullable(manifest),
  headPaths: fc.array(path, { maxLength: 4 }).map((p) => new Set(p)),
});

const level = fc.constantFrom("major", "minor", "patch", "none");
const policy = fc.record({
  documentation: fc.record({
    required_fields: fc.array(
      fc.oneof(text, fc.constant("owners")).filter((s) => s.length > 0),
      { maxLength: 3 },
    ),
    required_sections: fc.array(
      text.filter((s) => s.length > 0),
      { maxLength: 3 },
    ),
    min_section_chars: fc.nat({ max: 100 }),
  }),
  versioning: fc.record({
    bump: fc.record({
      signature: level,
      data: level,
      params: level,
      artifacts: level,
      metrics: level,
      code: level,
    }),
    pinned_refs: fc.boolean(),
  }),
  lineage: fc.record({
    required: fc.array(
      fc
        .oneof(fc.constantFrom("code.commit", "artifacts.sha256", "data.train.version", "a..b", "0"), text)
        .filter((s) => s.length > 0),
      { maxLength: 3 },
    ),
    forbid_train_eval_overlap: fc.boolean(),
  }),
});

describe("gates on arbitrary models", () => {
  it("never throw, and every finding is well formed", () => {
    fc.assert(
      fc.property(context, policy, (ctx, p) => {
        const g = gates(p);
        const changes = detectChanges(ctx);
        expect(CHANGE_KINDS.filter((k) => changes.includes(k))).toEqual(changes);
        const findings = [...documentationGate(ctx, g), ...versioningGate(ctx, g), ...lineageGate(ctx, g)];
        for (const f of findings) {
          expect(f.model).toBe(ctx.name);
          expect(typeof f.message).toBe("string");
          expect(f.line === null || (Number.isInteger(f.line) && f.line >= 0)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
