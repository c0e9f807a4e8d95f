import type { MetricRow, MetricStatus, MetricValue, Severity } from "../../types.ts";
import { benjaminiHochberg } from "../stats/benjamini-hochberg.ts";
import { type FamilyDecision, holm } from "../stats/holm.ts";
import { normalUpperTail } from "../stats/normal-upper-tail.ts";
import type { Anchor, EvalSink } from "./eval-sink.ts";
import { type Correction, familyVerdict } from "./family-verdict.ts";
import { normalQuantile } from "./normal-quantile.ts";
import { underpoweredNotices } from "./underpowered.ts";
import { unguardedVerdict } from "./unguarded-verdict.ts";
import { worstStatus } from "./worst-status.ts";

export type { Correction } from "./family-verdict.ts";

/**
 * What a family's tests gate: `gated`, the comparisons a rule with a tolerance gates (SPEC §3.4's
 * family); `unguarded`, the comparisons no rule names, tested for `eval.unguarded-drop` at
 * `default_rule.confidence`. They are two families so that metrics no one gated never dilute the
 * power of the rules a team chose.
 */
export type FamilyKind = "gated" | "unguarded";

/** A drop beyond its tolerance whose finding waits for the family's verdict. */
export interface DeferredDrop {
  sink: EvalSink;
  code: "eval.regression" | "eval.slice-regression" | "eval.unguarded-drop";
  at: Anchor;
  /** The finding's first part: what moved, by how much, and which tolerance it exceeds. */
  what: string;
  /** Said after the verdict (unguarded drops: the rule that would gate the metric). */
  hint?: string;
  z: number;
  p: number;
  /** Position of p among the family's p-values at or below α; −1 when above (never significant). */
  index: number;
}

/** A gated difference whose 95 % interval is wider than its tolerance (SPEC §3.4 eval.underpowered). */
export interface WeakComparison {
  sink: EvalSink;
  value: MetricValue;
  /** SE of the difference, its per-sample variance (null when a side has an interval but no n). */
  se: number;
  perUnit: number | null;
  tolerance: number;
}

/** What a decided drop adds to its model's findings (if anything), and its table row's status. */
export interface Verdict {
  finding: [code: string, severity: Severity, at: Anchor, message: string] | null;
  status: MetricStatus;
}

/** What a family tells the report once decided. */
export interface FamilySummary {
  kind: FamilyKind;
  comparisons: number;
  correction: Correction;
  confidence: number;
  /** Drops beyond tolerance significant after the correction (errors before gate modes apply). */
  significant: number;
  /** Drops beyond tolerance significant alone but not after the correction. */
  correctedAway: number;
  underpowered: number;
}

/**
 * SPEC §3.4, "many comparisons, one verdict": the significance tests of one evaluation (every
 * model, metric, dataset and slice of the PR under the same confidence and correction) form one
 * family. Phase one counts every test (`test`) and defers the drops beyond tolerance (`defer`) with
 * the table rows they decide (`awaitRow`); phase two (`decide`) runs the correction over the
 * family and writes the findings into each model's sink. Only p-values at or below α are kept:
 * no procedure rejects a larger one, and the others matter by their number alone, so a million
 * comparisons cost a counter, not a million-entry sort.
 */
export class SignificanceFamily {
  readonly alpha: number;
  private m = 0;
  private readonly small: number[] = [];
  private readonly drops: DeferredDrop[] = [];
  private readonly rows: Array<{ row: MetricRow; settled: MetricStatus; drops: DeferredDrop[] }> = [];
  private readonly weak: WeakComparison[] = [];
  private decided: FamilySummary | null = null;

  /** A little below the z whose p-value is α: below it p > α for sure, whatever the rounding. */
  private readonly zAlpha: number;

  constructor(
    readonly confidence: number,
    readonly correction: Correction,
    readonly kind: FamilyKind = "gated",
  ) {
    this.alpha = 1 - confidence;
    this.zAlpha = normalQuantile(confidence) - 1e-6;
  }

  /**
   * Counts one test, of statistic z, into the family; returns the `index` a deferred drop of it
   * carries. The p-value is computed only near or below α: most comparisons are far from it.
   */
  test(z: number): number {
    this.m++;
    if (z < this.zAlpha) return -1;
    const p = normalUpperTail(z);
    if (!(p <= this.alpha)) return -1;
    this.small.push(p);
    return this.small.length - 1;
  }

  defer(drop: DeferredDrop): void {
    this.drops.push(drop);
  }

  /** A table row whose status is `settled` combined with the verdicts of its deferred drops. */
  awaitRow(row: MetricRow, settled: MetricStatus, drops: DeferredDrop[]): void {
    this.rows.push({ row, settled, drops });
  }

  underpowered(c: WeakComparison): void {
    this.weak.push(c);
  }

  get size(): number {
    return this.m;
  }

  /** Phase two: the correction over the whole family, then every deferred finding and row. Once. */
  decide(): FamilySummary {
    if (this.decided !== null) return this.decided;
    const summary: FamilySummary = {
      kind: this.kind,
      comparisons: this.m,
      correction: this.correction,
      confidence: this.confidence,
      significant: 0,
      correctedAway: 0,
      underpowered: this.weak.length,
    };
    this.decided = summary;
    const decisions = this.decisions();
    const status = new Map<DeferredDrop, MetricStatus>();
    for (const drop of this.drops) {
      const decision = drop.index < 0 ? null : (decisions[drop.index] ?? null);
      const verdict = this.verdict(drop, decision);
      if (verdict.finding !== null) drop.sink.add(...verdict.finding);
      status.set(drop, verdict.status);
      if (verdict.status !== "not-significant") summary.significant++;
      else if (drop.p <= this.alpha) summary.correctedAway++;
    }
    for (const { row, settled, drops } of this.rows) {
      row.status = drops.reduce((s, d) => worstStatus(s, status.get(d) ?? "regression"), settled);
    }
    for (const notice of underpoweredNotices(this.weak, this)) notice.sink.add(...notice.finding);
    return summary;
  }

  /** A drop's finding and table status once its family is decided. */
  private verdict(drop: DeferredDrop, decision: FamilyDecision | null): Verdict {
    if (this.kind === "unguarded") return unguardedVerdict(drop, decision, this);
    const v = familyVerdict(drop, decision, this);
    const status = v.severity === "error" ? "regression" : "not-significant";
    return { finding: [v.code, v.severity, drop.at, v.message], status };
  }

  private decisions(): FamilyDecision[] {
    if (this.correction === "holm") return holm(this.small, this.alpha, this.m);
    if (this.correction === "bh") return benjaminiHochberg(this.small, this.alpha, this.m);
    return this.small.map((p) => ({ rejected: p <= this.alpha, rank: 0, threshold: this.alpha }));
  }
}
