import { detectChanges } from "../src/core/gates/detect-changes.ts";
import { documentationGate } from "../src/core/gates/documentation-gate.ts";
import { EvaluationFamilies } from "../src/core/gates/evaluation/evaluation-families.ts";
import { evaluationGate } from "../src/core/gates/evaluation-gate.ts";
import { lineageGate } from "../src/core/gates/lineage-gate.ts";
import { versioningGate } from "../src/core/gates/versioning-gate.ts";
import { sharedGatesForModel } from "../src/core/policy/gates-for-model.ts";
import type { Policy } from "../src/core/policy/schema.ts";
import type { ModelContext } from "../src/core/types.ts";

/**
 * The per-model part of `evaluatePr` (gates, change detection) on contexts that are already
 * parsed: the calls `runGates` and `concludeModel` in src/core/evaluate-pr.ts make, which are not
 * exported: the gates the engine shares per policy, every model's significance tests in one
 * family, decided once all have run (SPEC §3.4). It lets the benchmark time the gates at 10,000
 * models without paying for YAML parsing, which the end-to-end rows measure separately. Returns
 * a count so that nothing is optimised away.
 */
export function runGates(contexts: readonly ModelContext[], policy: Policy): number {
  let produced = 0;
  const families = new EvaluationFamilies();
  for (const ctx of contexts) {
    const gates = sharedGatesForModel(policy, ctx.name);
    produced += documentationGate(ctx, gates).length;
    produced += versioningGate(ctx, gates).length;
    produced += lineageGate(ctx, gates).length;
    const evaluation = evaluationGate(ctx, gates, families);
    produced += evaluation.findings.length + evaluation.metrics.length;
    if (ctx.baseCard !== null) produced += detectChanges(ctx).length;
  }
  for (const summary of families.decide()) produced += summary.comparisons;
  return produced;
}
