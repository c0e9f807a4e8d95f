import { detectChanges } from "../src/core/gates/detect-changes.ts";
import { documentationGate } from "../src/core/gates/documentation-gate.ts";
import { evaluationGate } from "../src/core/gates/evaluation-gate.ts";
import { lineageGate } from "../src/core/gates/lineage-gate.ts";
import { versioningGate } from "../src/core/gates/versioning-gate.ts";
import { gatesForModel } from "../src/core/policy/gates-for-model.ts";
import type { Policy } from "../src/core/policy/schema.ts";
import type { ModelContext } from "../src/core/types.ts";

/**
 * The per-model part of `evaluatePr` (gates, change detection) on contexts that are already
 * parsed: the same calls `evaluateModel` in src/core/evaluate-pr.ts makes, which is not exported.
 * It lets the benchmark time the gates at 1,000 models without paying for YAML parsing, which
 * the end-to-end rows measure separately. Returns a count so that nothing is optimised away.
 */
export function runGates(contexts: readonly ModelContext[], policy: Policy): number {
  let produced = 0;
  for (const ctx of contexts) {
    const gates = gatesForModel(policy, ctx.name);
    produced += documentationGate(ctx, gates).length;
    produced += versioningGate(ctx, gates).length;
    produced += lineageGate(ctx, gates).length;
    const evaluation = evaluationGate(ctx, gates);
    produced += evaluation.findings.length + evaluation.metrics.length;
    if (ctx.baseCard !== null) produced += detectChanges(ctx).length;
  }
  return produced;
}
