import type { Severity } from "../../types.ts";
import type { FamilyDecision } from "../stats/holm.ts";
import { formatP } from "./format-p.ts";
import { roundMetric } from "./round-metric.ts";

export type Correction = "holm" | "bh" | "none";

/** What a verdict needs to know about its family. */
export interface FamilyInfo {
  readonly alpha: number;
  readonly confidence: number;
  readonly correction: Correction;
  readonly size: number;
}

interface Drop {
  code: string;
  what: string;
  z: number;
  p: number;
}

/**
 * SPEC §3.4: the finding of one drop beyond tolerance once its family is decided. Every message
 * gives z, the p-value, the family's size and the threshold p had to meet; a drop significant
 * alone but not after the correction is `eval.not-significant` and says so.
 */
export function familyVerdict(
  drop: Drop,
  decision: FamilyDecision | null,
  family: FamilyInfo,
): { code: string; severity: Severity; message: string } {
  const level = `${roundMetric(family.confidence * 100)} %`;
  const stat = `z = ${formatZ(drop.z)}, p = ${formatP(drop.p)}`;
  const alpha = formatP(family.alpha);
  const corrected = family.correction !== "none" && family.size > 1;
  if (decision === null || !(drop.p <= family.alpha)) {
    const before = corrected ? `, before any correction for the ${family.size} comparisons` : "";
    return notSignificant(drop, `not significant at ${level} (${stat} > ${alpha}${before})`);
  }
  if (!corrected) {
    const among = family.size > 1 ? `, each of the ${family.size} comparisons alone` : "";
    const message = `${drop.what}; significant at ${level} (${stat} ≤ ${alpha}${among})`;
    return { code: drop.code, severity: "error", message };
  }
  const name = family.correction === "holm" ? "Holm's correction" : "the Benjamini–Hochberg correction";
  const over = `${name} over ${family.size} comparisons`;
  const needs = thresholdText(decision, family);
  if (decision.rejected) {
    const message = `${drop.what}; significant at ${level} after ${over} (${stat} ≤ ${needs})`;
    return { code: drop.code, severity: "error", message };
  }
  // Holm's step-down can stop before a p-value that meets its own rank's threshold.
  const why =
    drop.p <= decision.threshold
      ? `p ≤ ${needs}, but the step-down stopped before it, at a smaller p-value that missed its threshold`
      : `needs p ≤ ${needs}`;
  return notSignificant(
    drop,
    `significant alone (${stat} ≤ ${alpha}) but not after ${over} at ${level} (${why})`,
  );
}

function notSignificant(drop: Drop, why: string) {
  return { code: "eval.not-significant", severity: "warning" as const, message: `${drop.what}; ${why}` };
}

/** Holm: α/(m − rank + 1); BH: k·α/m, the step-up's cut-off (or the rank's level when nothing passed). */
function thresholdText(d: FamilyDecision, family: FamilyInfo): string {
  const alpha = formatP(family.alpha);
  const value = formatP(d.threshold);
  if (family.correction === "holm") return `${alpha}/${family.size - d.rank + 1} = ${value}`;
  const k = Math.round((d.threshold * family.size) / family.alpha);
  return `${k} × ${alpha}/${family.size} = ${value}`;
}

function formatZ(z: number): string {
  return Number.isFinite(z) ? z.toFixed(2) : String(z);
}
