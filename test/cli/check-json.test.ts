import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANGE_KINDS, GATE_NAMES } from "../../src/core/types.ts";
import { model } from "../core/engine/repo-builders.ts";
import { DEMO, folderPair, runCli } from "./run-cli.ts";

/** `modelgate check --format json`: the object of SPEC §5, key for key, through the real binary. */

const POLICY =
  "version: 1\ngates:\n  evaluation:\n    metrics:\n      - { name: auc, direction: higher, max_drop: 0.01 }\n";
let pair: Awaited<ReturnType<typeof folderPair>>;

beforeAll(async () => {
  pair = await folderPair(
    { ...model("models/a", { name: "a" }), ".github/modelgate.yml": POLICY },
    {
      ...model("models/a", { name: "a", version: "1.0.1", auc: 0.85 }),
      ...model("models/b", { name: "b", version: "0.1.0" }),
      ".github/modelgate.yml": POLICY,
    },
  );
});
afterAll(() => pair?.remove());

const gates = (evaluation: string) =>
  GATE_NAMES.map((gate) => ({
    gate,
    conclusion: gate === "evaluation" ? evaluation : "success",
    overridden: null,
  }));

describe("check --format json", () => {
  it("prints SPEC §5's object exactly and exits 1 on failure", async () => {
    const run = await runCli(["check", "--base-dir", pair.base, "--head-dir", pair.head, "--format", "json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      conclusion: "failure",
      models: [
        {
          name: "a",
          source: "native",
          card: "models/a/MODEL_CARD.md",
          version: "1.0.1",
          base_version: "1.0.0",
          changes: ["metrics"],
        },
        {
          name: "b",
          source: "native",
          card: "models/b/MODEL_CARD.md",
          version: "0.1.0",
          base_version: null,
          changes: [],
        },
      ],
      gates: gates("failure"),
      findings: [
        {
          gate: "evaluation",
          code: "eval.regression",
          severity: "error",
          model: "a",
          file: "models/a/metrics.json",
          line: 1,
          message: expect.stringContaining("auc"),
        },
      ],
      metrics: [
        {
          ...{ model: "a", name: "auc", slice: null, dataset: "events-holdout", config: null, split: null },
          ...{ base: 0.9, head: 0.85, delta: -0.05, status: "regression" },
        },
        {
          ...{ model: "b", name: "auc", slice: null, dataset: "events-holdout", config: null, split: null },
          ...{ base: null, head: 0.9, delta: null, status: "new" },
        },
      ],
    });
  });

  it("--model keeps only the named models, and their verdict decides the exit code", async () => {
    const run = await runCli([
      "check",
      "--base-dir",
      pair.base,
      "--head-dir",
      pair.head,
      "--format",
      "json",
      "--model",
      "b",
    ]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.conclusion).toBe("success");
    expect(json.models.map((m: { name: string }) => m.name)).toEqual(["b"]);
    expect(json.findings).toEqual([]);
    expect(json.metrics.map((m: { model: string }) => m.model)).toEqual(["b"]);
    expect(json.gates).toEqual(gates("success"));
  });

  it("has the same keys and types on the demo repository", async () => {
    const run = await runCli(["check", "--base-dir", DEMO.base, "--head-dir", DEMO.head, "--format", "json"]);
    expect(run.code).toBe(1);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(["conclusion", "models", "gates", "findings", "metrics"]);
    expect(json.conclusion).toBe("failure");
    expect(json.models.length).toBeGreaterThan(1);
    for (const m of json.models) {
      expect(Object.keys(m)).toEqual(["name", "source", "card", "version", "base_version", "changes"]);
      expect(["native", "dvc", "mlflow", "huggingface"]).toContain(m.source);
      expect(m).toMatchObject({ name: expect.any(String), card: expect.any(String) });
      expect(nullable(m.version, "string") && nullable(m.base_version, "string")).toBe(true);
      for (const c of m.changes) expect(CHANGE_KINDS).toContain(c);
    }
    expect(json.gates.map((g: { gate: string }) => g.gate)).toEqual([...GATE_NAMES]);
    for (const g of json.gates) {
      expect(Object.keys(g)).toEqual(["gate", "conclusion", "overridden"]);
      expect(["success", "failure", "skipped"]).toContain(g.conclusion);
      expect(g.overridden).toBeNull();
    }
    expect(json.findings.length).toBeGreaterThan(0);
    for (const f of json.findings) {
      expect(Object.keys(f)).toEqual(["gate", "code", "severity", "model", "file", "line", "message"]);
      expect(["documentation", "versioning", "lineage", "evaluation", "parse", "policy"]).toContain(f.gate);
      expect(f.code).toMatch(/^[a-z]+\.[a-z-]+$/);
      expect(["error", "warning", "notice"]).toContain(f.severity);
      expect(nullable(f.model, "string") && nullable(f.file, "string") && nullable(f.line, "number")).toBe(
        true,
      );
      expect(f.message).toEqual(expect.any(String));
    }
    expect(json.metrics.length).toBeGreaterThan(0);
    for (const m of json.metrics) {
      expect(Object.keys(m)).toEqual([
        ...["model", "name", "slice", "dataset", "config", "split"],
        ...["base", "head", "delta", "status"],
      ]);
      expect(m).toMatchObject({
        model: expect.any(String),
        name: expect.any(String),
        status: expect.any(String),
      });
      for (const k of ["base", "head", "delta"]) expect(nullable(m[k], "number")).toBe(true);
      expect(nullable(m.slice, "string")).toBe(true);
    }
  });
});

const nullable = (v: unknown, type: "string" | "number"): boolean => v === null || typeof v === type;
