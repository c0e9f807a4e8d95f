import { describe, expect, it } from "vitest";
import { evaluationGate } from "../../../src/core/gates/evaluation-gate.ts";
import type { MetricStatus } from "../../../src/core/types.ts";
import {
  cardValue,
  type EvaluationInput,
  evalCtx,
  evalGates,
  run,
  type SideSpec,
} from "./evaluation-builders.ts";

const AUC = { name: "auc", direction: "higher", max_drop: 0.005 } as const;

const rowsOf = (head: SideSpec, base: SideSpec | null, gates: EvaluationInput = {}) =>
  evaluationGate(evalCtx(head, base), evalGates(gates)).metrics;

describe("the metric table (SPEC §5 metrics)", () => {
  it.each<{
    name: string;
    head: SideSpec;
    base: SideSpec | null;
    gates?: EvaluationInput;
    status: MetricStatus;
  }>([
    {
      name: "unchanged",
      head: { run: [run("auc", 0.943)] },
      base: { run: [run("auc", 0.943)] },
      status: "ok",
    },
    {
      name: "better by a rule's direction",
      head: { run: [run("auc", 0.95)] },
      base: { run: [run("auc", 0.943)] },
      gates: { metrics: [AUC] },
      status: "improved",
    },
    {
      name: "lower latency, no rule",
      head: { run: [run("latency_ms", 20)] },
      base: { run: [run("latency_ms", 31)] },
      status: "improved",
    },
    {
      name: "worse, no rule: never shown as ok",
      head: { run: [run("auc", 0.5)] },
      base: { run: [run("auc", 0.943)] },
      status: "unguarded-drop",
    },
    {
      name: "worse within noise, no rule",
      head: { run: [run("auc", 0.94)] },
      base: { run: [run("auc", 0.943)] },
      status: "ok",
    },
    {
      name: "worse, no rule, default_rule null",
      head: { run: [run("auc", 0.5)] },
      base: { run: [run("auc", 0.943)] },
      gates: { default_rule: null },
      status: "ok",
    },
    {
      name: "a regression",
      head: { run: [run("auc", 0.931)] },
      base: { run: [run("auc", 0.943)] },
      gates: { metrics: [AUC] },
      status: "regression",
    },
    {
      name: "not significant",
      head: { run: [run("auc", 0.931, { n: 500 })] },
      base: { run: [run("auc", 0.943, { n: 500 })] },
      gates: { metrics: [AUC], significance: { confidence: 0.95 } },
      status: "not-significant",
    },
    {
      name: "below min",
      head: { run: [run("auc", 0.5)] },
      base: null,
      gates: { metrics: [{ ...AUC, min: 0.9 }] },
      status: "below-min",
    },
    {
      name: "above max",
      head: { run: [run("auc", 0.99)] },
      base: null,
      gates: { metrics: [{ ...AUC, max: 0.98 }] },
      status: "above-max",
    },
    {
      name: "below min and a regression: the regression shows",
      head: { run: [run("auc", 0.5)] },
      base: { run: [run("auc", 0.943)] },
      gates: { metrics: [{ ...AUC, min: 0.9 }] },
      status: "regression",
    },
    { name: "new", head: { run: [run("auc", 0.9)] }, base: null, status: "new" },
    {
      name: "not comparable",
      head: { run: [run("auc", 0.9)], data: { eval: { version: "2026-12-01" } } },
      base: { run: [run("auc", 0.943)] },
      status: "not-comparable",
    },
    {
      name: "a slice below min_n",
      head: { run: [run("auc", 0.5, { slice: "region=EU", n: 10 })] },
      base: { run: [run("auc", 0.943, { slice: "region=EU", n: 10 })] },
      gates: { slices: { max_drop: 0.01, min_n: 100 } },
      status: "low-n",
    },
  ])("$name → $status", ({ head, base, gates, status }) => {
    expect(rowsOf(head, base, gates).map((r) => r.status)).toEqual([status]);
  });

  it("gives model, name, slice, base, head and a rounded delta = head − base", () => {
    const rows = rowsOf(
      { run: [run("auc", 0.931), run("auc", 0.9, { slice: "region=EU" })] },
      { run: [run("auc", 0.943), run("auc", 0.95, { slice: "region=EU" })] },
      { metrics: [AUC] },
    );
    expect(rows).toEqual([
      {
        model: "fraud-detector",
        name: "auc",
        slice: null,
        dataset: "transactions-holdout",
        config: null,
        split: null,
        context: null,
        base: 0.943,
        head: 0.931,
        delta: -0.012,
        status: "regression",
      },
      {
        model: "fraud-detector",
        name: "auc",
        slice: "region=EU",
        dataset: "transactions-holdout",
        config: null,
        split: null,
        context: null,
        base: 0.95,
        head: 0.9,
        delta: -0.05,
        status: "ok",
      },
    ]);
  });

  it("shows a value the card and the run both give once", () => {
    const side = {
      card: [cardValue("auc", 0.943, { name: "AUC", split: "test" })],
      run: [run("auc", 0.943)],
    };
    expect(rowsOf(side, side)).toEqual([expect.objectContaining({ name: "auc", head: 0.943, base: 0.943 })]);
  });

  it("keeps the card's values the run lacks, and the run's value where they disagree", () => {
    const head = { card: [cardValue("auc", 0.95), cardValue("f1", 0.8)], run: [run("auc", 0.943)] };
    expect(rowsOf(head, null).map((r) => [r.name, r.head])).toEqual([
      ["auc", 0.943],
      ["f1", 0.8],
    ]);
  });

  it("adds a row with head null for a base value that vanished", () => {
    const rows = rowsOf(
      { run: [run("auc", 0.943)] },
      { run: [run("auc", 0.943), run("f1", 0.8, { slice: "region=EU" })] },
    );
    expect(rows).toEqual([
      expect.objectContaining({ name: "auc", head: 0.943 }),
      {
        model: "fraud-detector",
        name: "f1",
        slice: "region=EU",
        dataset: "transactions-holdout",
        config: null,
        split: null,
        context: null,
        base: 0.8,
        head: null,
        delta: null,
        status: "not-comparable",
      },
    ]);
  });

  it("pairs a value that moved from the card to the run", () => {
    const rows = rowsOf(
      { card: [], run: [run("auc", 0.931)] },
      { card: [cardValue("AUC", 0.943, { name: "Holdout AUC", split: "test" })], run: null },
      { metrics: [AUC] },
    );
    expect(rows).toEqual([expect.objectContaining({ base: 0.943, head: 0.931, status: "regression" })]);
  });
});
