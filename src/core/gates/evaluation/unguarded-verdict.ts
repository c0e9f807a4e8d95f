import type { FamilyDecision } from "../stats/holm.ts";
import { type FamilyInfo, familyVerdict } from "./family-verdict.ts";
import type { DeferredDrop, Verdict } from "./significance-family.ts";

/**
 * SPEC §3.4 `eval.unguarded-drop`, tested: a drop of a metric no rule names, significant alone at
 * `default_rule.confidence`, is reported once its family (every such comparison of the PR whose
 * sides have n or ci) is decided by the policy's `significance.correction` — so fifty unnamed
 * metrics that did not move give no warning by chance. The message has the z, the p-value, the
 * family's size and the threshold, as a regression's does. A drop that the correction clears is
 * no finding (a warning for it would be the noise the correction removes); its row says
 * "not significant", never "ok".
 */
export function unguardedVerdict(
  drop: DeferredDrop,
  decision: FamilyDecision | null,
  family: FamilyInfo,
): Verdict {
  const v = familyVerdict(drop, decision, family);
  if (v.severity !== "error") return { finding: null, status: "not-significant" };
  const message = drop.hint === undefined ? v.message : `${v.message}, ${drop.hint}`;
  return { finding: ["eval.unguarded-drop", "warning", drop.at, message], status: "unguarded-drop" };
}
