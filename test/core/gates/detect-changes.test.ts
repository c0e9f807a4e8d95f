import { describe, expect, it } from "vitest";
import { detectChanges } from "../../../src/core/gates/detect-changes.ts";
import type { ChangeKind, ModelContext, SignatureField } from "../../../src/core/types.ts";
import { artifact, card, commit, ctx, dataRef, manifest, metric, section, sha } from "./builders.ts";

const base = manifest();
const input = (name: string, type: string | null, optional = false): SignatureField => ({
  name,
  type,
  optional,
});
const withInputs = (inputs: SignatureField[]) =>
  manifest({ signature: { inputs, outputs: base.signature?.outputs ?? [] } });
const withOutputs = (outputs: SignatureField[]) =>
  manifest({ signature: { inputs: base.signature?.inputs ?? [], outputs } });
const amount = input("amount", "float");
const country = input("country", "string");
const score = input("score", "float");

describe("detectChanges", () => {
  it.each<{ name: string; ctx: Partial<ModelContext>; changes: ChangeKind[] }>([
    { name: "nothing changed", ctx: {}, changes: [] },
    {
      name: "a prose-only card edit",
      ctx: { card: card({ sections: [section("Intended Use", { line: 10, text: "New words." })] }) },
      changes: [],
    },
    {
      name: "a new model",
      ctx: { baseCard: null, baseManifest: null, manifest: manifest({ params: { a: 1 } }) },
      changes: [],
    },
    // signature
    { name: "an input removed", ctx: { manifest: withInputs([amount]) }, changes: ["signature"] },
    {
      name: "an input renamed",
      ctx: { manifest: withInputs([amount, input("region", "string")]) },
      changes: ["signature"],
    },
    {
      name: "an input retyped",
      ctx: { manifest: withInputs([amount, input("country", "int")]) },
      changes: ["signature"],
    },
    {
      name: "a type's case",
      ctx: { manifest: withInputs([amount, input("country", "String")]) },
      changes: [],
    },
    {
      name: "a required input added",
      ctx: { manifest: withInputs([amount, country, input("mcc", "int")]) },
      changes: ["signature"],
    },
    {
      name: "an optional input added",
      ctx: { manifest: withInputs([amount, country, input("mcc", "int", true)]) },
      changes: [],
    },
    {
      name: "an optional input made required",
      ctx: {
        baseManifest: withInputs([amount, country, input("mcc", "int", true)]),
        manifest: withInputs([amount, country, input("mcc", "int")]),
      },
      changes: ["signature"],
    },
    { name: "inputs reordered", ctx: { manifest: withInputs([country, amount]) }, changes: [] },
    { name: "an output removed", ctx: { manifest: withOutputs([]) }, changes: ["signature"] },
    {
      name: "an output retyped",
      ctx: { manifest: withOutputs([input("score", "double")]) },
      changes: ["signature"],
    },
    {
      name: "an output added",
      ctx: { manifest: withOutputs([score, input("reason", "string")]) },
      changes: [],
    },
    {
      name: "a signature declared for the first time",
      ctx: { baseManifest: manifest({ signature: null }) },
      changes: [],
    },
    // data
    {
      name: "train version changed",
      ctx: { manifest: manifest({ data: { ...base.data, train: dataRef({ version: "2026-11-30" }) } }) },
      changes: ["data"],
    },
    {
      name: "train sha256 changed",
      ctx: { manifest: manifest({ data: { ...base.data, train: dataRef({ sha256: sha("3") }) } }) },
      changes: ["data"],
    },
    {
      name: "sha256 case only",
      ctx: {
        manifest: manifest({ data: { ...base.data, train: dataRef({ sha256: sha("A").toLowerCase() }) } }),
        baseManifest: manifest({ data: { ...base.data, train: dataRef({ sha256: sha("A") }) } }),
      },
      changes: [],
    },
    {
      name: "a data entry added",
      ctx: { manifest: manifest({ data: { ...base.data, test: dataRef({ name: "t" }) } }) },
      changes: ["data"],
    },
    {
      name: "a data entry removed",
      ctx: { manifest: manifest({ data: { train: dataRef() } }) },
      changes: ["data"],
    },
    {
      name: "only a data uri changed",
      ctx: { manifest: manifest({ data: { ...base.data, train: dataRef({ uri: "s3://elsewhere" }) } }) },
      changes: [],
    },
    // params
    {
      name: "a param changed",
      ctx: { manifest: manifest({ params: { learning_rate: 0.02, max_depth: 8 } }) },
      changes: ["params"],
    },
    {
      name: "a nested param changed",
      ctx: {
        baseManifest: manifest({ params: { opt: { betas: [0.9, 0.99] } } }),
        manifest: manifest({ params: { opt: { betas: [0.9, 0.999] } } }),
      },
      changes: ["params"],
    },
    {
      name: "a param added",
      ctx: { manifest: manifest({ params: { ...base.params, dropout: 0.1 } }) },
      changes: ["params"],
    },
    {
      name: "params reordered",
      ctx: { manifest: manifest({ params: { max_depth: 8, learning_rate: 0.01 } }) },
      changes: [],
    },
    // artifacts
    {
      name: "an artifact's sha256 changed",
      ctx: { manifest: manifest({ artifacts: [artifact({ sha256: sha("b") })] }) },
      changes: ["artifacts"],
    },
    {
      name: "an artifact added",
      ctx: { manifest: manifest({ artifacts: [artifact(), artifact({ path: "x.bin", sha256: sha("c") })] }) },
      changes: ["artifacts"],
    },
    { name: "an artifact removed", ctx: { manifest: manifest({ artifacts: [] }) }, changes: ["artifacts"] },
    // metrics
    {
      name: "a card metric changed",
      ctx: { card: card({ metrics: [metric({ value: 0.95 })] }) },
      changes: ["metrics"],
    },
    {
      name: "a card metric added",
      ctx: { card: card({ metrics: [metric(), metric({ slice: "region=EU" })] }) },
      changes: ["metrics"],
    },
    {
      name: "a manifest metric changed",
      ctx: { manifest: manifest({ metrics: [metric({ value: 0.9 })] }) },
      changes: ["metrics"],
    },
    // code
    {
      name: "the commit changed",
      ctx: {
        manifest: manifest({ code: { commit: commit("8"), entrypoint: "train.py", seed: 42, line: 3 } }),
      },
      changes: ["code"],
    },
    {
      name: "only the seed changed",
      ctx: {
        manifest: manifest({ code: { commit: commit("9"), entrypoint: "train.py", seed: 7, line: 3 } }),
      },
      changes: [],
    },
    // manifests on one side only
    { name: "a manifest added to an existing model", ctx: { baseManifest: null }, changes: [] },
    {
      name: "a manifest removed, card metrics changed",
      ctx: { manifest: null, card: card({ metrics: [] }) },
      changes: ["metrics"],
    },
    // several at once, in CHANGE_KINDS order
    {
      name: "a retrain",
      ctx: {
        card: card({ metrics: [metric({ value: 0.95 })] }),
        manifest: manifest({
          code: { commit: commit("8"), entrypoint: "train.py", seed: 42, line: 3 },
          artifacts: [artifact({ sha256: sha("b") })],
          data: { ...base.data, train: dataRef({ version: "2026-11-30" }) },
          signature: { inputs: [amount], outputs: [score] },
        }),
      },
      changes: ["signature", "data", "artifacts", "metrics", "code"],
    },
  ])("$name → $changes", ({ ctx: overrides, changes }) => {
    expect(detectChanges(ctx(overrides))).toEqual(changes);
  });
});
