import type { Gates } from "../../policy/schema.ts";
import { type Correction, type FamilySummary, SignificanceFamily } from "./significance-family.ts";

/**
 * The significance families of one PR evaluation (SPEC §3.4): one per confidence and correction,
 * which is one for the whole PR unless a `models:` override changes either (a family is tested
 * at one level by one procedure, so models under other settings form their own). The tests of
 * metrics no rule names (`eval.unguarded-drop`) form families of their own, by
 * `default_rule.confidence` and the same correction.
 */
export class EvaluationFamilies {
  private readonly byKey = new Map<string, SignificanceFamily>();

  /** The family of a model's settings; null when its significance test is off. */
  of(significance: Gates["evaluation"]["significance"]): SignificanceFamily | null {
    const { confidence, correction } = significance;
    if (confidence === null) return null;
    const key = `${correction} ${confidence}`;
    let family = this.byKey.get(key);
    if (family === undefined) {
      family = new SignificanceFamily(confidence, correction);
      this.byKey.set(key, family);
    }
    return family;
  }

  /** The family of the `eval.unguarded-drop` tests at `confidence`, corrected as the PR's significance says. */
  unguarded(confidence: number, correction: Correction): SignificanceFamily {
    const key = `unguarded ${correction} ${confidence}`;
    let family = this.byKey.get(key);
    if (family === undefined) {
      family = new SignificanceFamily(confidence, correction, "unguarded");
      this.byKey.set(key, family);
    }
    return family;
  }

  /** Phase two for every family; the summaries of those that tested anything. */
  decide(): FamilySummary[] {
    return [...this.byKey.values()].map((f) => f.decide()).filter((s) => s.comparisons > 0);
  }
}
