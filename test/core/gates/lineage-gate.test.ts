import { describe, expect, it } from "vitest";
import { lineageGate } from "../../../src/core/gates/lineage-gate.ts";
import type { ModelContext } from "../../../src/core/types.ts";
import {
  artifact,
  CARD_FILE,
  card,
  ctx,
  DIR,
  dataRef,
  gates,
  MANIFEST_FILE,
  manifest,
  sha,
} from "./builders.ts";

const base = manifest();
const noCode = { commit: null, entrypoint: null, seed: null, line: 3 };

describe("lineageGate", () => {
  it.each<{ name: string; ctx: Partial<ModelContext>; policy?: Record<string, unknown>; codes: string[] }>([
    { name: "complete lineage", ctx: {}, codes: [] },
    // lineage.missing-manifest
    {
      name: "no manifest, none named",
      ctx: { manifest: null, card: card({ experiment: null }) },
      codes: ["lineage.missing-manifest"],
    },
    {
      name: "no manifest, named one exists but unreadable",
      ctx: { manifest: null },
      codes: ["lineage.missing-manifest"],
    },
    {
      name: "no manifest and nothing required",
      ctx: { manifest: null, card: card({ experiment: null }) },
      policy: { lineage: { required: [] } },
      codes: [],
    },
    // lineage.dangling-ref
    {
      name: "no manifest: the named one is not in the tree",
      ctx: { manifest: null, card: card({ experiment: `${DIR}/exp.yaml` }), headPaths: new Set([CARD_FILE]) },
      codes: ["lineage.dangling-ref"],
    },
    {
      name: "manifest found by model name, experiment dangles",
      ctx: {
        card: card({ experiment: `${DIR}/exp.yaml` }),
        headPaths: new Set([CARD_FILE, MANIFEST_FILE, `${DIR}/requirements.lock`]),
      },
      codes: ["lineage.dangling-ref"],
    },
    {
      name: "metrics_file not in the tree",
      ctx: {
        manifest: manifest({ metricsFile: `${DIR}/metrics.json` }),
        headPaths: new Set([CARD_FILE, MANIFEST_FILE, `${DIR}/requirements.lock`]),
      },
      codes: ["lineage.dangling-ref"],
    },
    {
      name: "metrics_file in the tree",
      ctx: { manifest: manifest({ metricsFile: `${DIR}/metrics.json` }) },
      codes: [],
    },
    {
      name: "lockfile not in the tree",
      ctx: { headPaths: new Set([CARD_FILE, MANIFEST_FILE]) },
      codes: ["lineage.dangling-ref"],
    },
    // lineage.missing-field
    { name: "no commit", ctx: { manifest: manifest({ code: noCode }) }, codes: ["lineage.missing-field"] },
    { name: "no code block", ctx: { manifest: manifest({ code: null }) }, codes: ["lineage.missing-field"] },
    {
      name: "blank train version",
      ctx: { manifest: manifest({ data: { ...base.data, train: dataRef({ version: "  " }) } }) },
      codes: ["lineage.missing-field"],
    },
    {
      name: "no eval data",
      ctx: { manifest: manifest({ data: { train: dataRef() } }) },
      codes: ["lineage.missing-field"],
    },
    {
      name: "no data at all",
      ctx: { manifest: manifest({ data: {} }) },
      codes: ["lineage.missing-field", "lineage.missing-field"],
    },
    {
      name: "one artifact of two without sha256",
      ctx: { manifest: manifest({ artifacts: [artifact(), artifact({ path: "b.bin", sha256: null })] }) },
      codes: ["lineage.missing-field"],
    },
    {
      name: "no artifacts",
      ctx: { manifest: manifest({ artifacts: [] }) },
      codes: ["lineage.missing-field"],
    },
    {
      name: "a seed of 0 is present",
      ctx: { manifest: manifest({ code: { ...noCode, commit: "x", seed: 0 } }) },
      policy: { lineage: { required: ["code.seed"] } },
      codes: [],
    },
    {
      name: "a custom required path",
      ctx: {},
      policy: { lineage: { required: ["run.url"] } },
      codes: ["lineage.missing-field"],
    },
    {
      name: "an indexed path",
      ctx: { manifest: manifest({ artifacts: [artifact({ sha256: null })] }) },
      policy: { lineage: { required: ["artifacts.0.sha256"] } },
      codes: ["lineage.missing-field"],
    },
    {
      name: "a path through a scalar",
      ctx: { manifest: manifest({ raw: { code: "abc" } }) },
      policy: { lineage: { required: ["code.commit"] } },
      codes: ["lineage.missing-field"],
    },
    // lineage.train-eval-overlap
    {
      name: "train and eval share a sha256",
      ctx: {
        manifest: manifest({ data: { train: dataRef(), eval: dataRef({ name: "holdout", version: "v9" }) } }),
      },
      codes: ["lineage.train-eval-overlap"],
    },
    {
      name: "train and eval share name and version",
      ctx: { manifest: manifest({ data: { train: dataRef(), eval: dataRef({ sha256: sha("5") }) } }) },
      codes: ["lineage.train-eval-overlap"],
    },
    {
      name: "same name, other version",
      ctx: {
        manifest: manifest({
          data: { train: dataRef(), eval: dataRef({ version: "2026-11-01", sha256: sha("5") }) },
        }),
      },
      codes: [],
    },
    {
      name: "overlap allowed",
      ctx: { manifest: manifest({ data: { train: dataRef(), eval: dataRef() } }) },
      policy: { lineage: { forbid_train_eval_overlap: false } },
      codes: [],
    },
    {
      name: "a metric scored on another key equal to train",
      ctx: {
        manifest: manifest({
          data: { ...base.data, test: dataRef() },
          metricsDataKey: ["test"],
        }),
      },
      codes: ["lineage.train-eval-overlap"],
    },
    {
      name: "everything at once, in order",
      ctx: {
        card: card({ experiment: `${DIR}/gone.yaml` }),
        manifest: manifest({
          code: noCode,
          data: { train: dataRef(), eval: dataRef() },
          metricsFile: `${DIR}/m.json`,
        }),
        headPaths: new Set([CARD_FILE, MANIFEST_FILE]),
      },
      codes: [
        "lineage.dangling-ref",
        "lineage.missing-field",
        "lineage.dangling-ref",
        "lineage.dangling-ref",
        "lineage.train-eval-overlap",
      ],
    },
  ])("$name → $codes", ({ ctx: overrides, policy, codes }) => {
    expect(lineageGate(ctx(overrides), gates(policy)).map((f) => f.code)).toEqual(codes);
  });

  it("reports a missing sha256 per artifact, on the artifact's nearest line", () => {
    const head = manifest({
      artifacts: [
        artifact({ sha256: null }),
        artifact({ path: "b.bin" }),
        artifact({ path: "c.bin", sha256: "" }),
      ],
      lines: { artifacts: 20, "artifacts.0": 21, "artifacts.2": 23 },
    });
    const findings = lineageGate(ctx({ manifest: head }), gates());
    expect(findings.map((f) => [f.code, f.file, f.line])).toEqual([
      ["lineage.missing-field", MANIFEST_FILE, 21],
      ["lineage.missing-field", MANIFEST_FILE, 23],
    ]);
    expect(findings[0]?.message).toBe(
      "artifacts[0].sha256 (required: artifacts.sha256) is missing or empty: record it",
    );
  });

  it("points a dangling experiment at the card's experiment line", () => {
    const c = card({ experiment: `${DIR}/exp.yaml`, experimentLine: 7 });
    const [finding] = lineageGate(ctx({ card: c, manifest: null, headPaths: new Set() }), gates());
    expect(finding).toMatchObject({
      gate: "lineage",
      severity: "error",
      model: "fraud-detector",
      file: CARD_FILE,
      line: 7,
    });
  });

  it("points an overlap at the eval entry", () => {
    const head = manifest({ data: { train: dataRef(), eval: dataRef({ line: 11 }) } });
    const [finding] = lineageGate(ctx({ manifest: head }), gates());
    expect(finding).toMatchObject({ code: "lineage.train-eval-overlap", file: MANIFEST_FILE, line: 11 });
    expect(finding?.message).toContain("same sha256");
  });
});
