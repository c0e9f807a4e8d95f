import type { MetricValue } from "../../types.ts";
import { perUnitOf, standardError, zOf } from "../significance.ts";
import { normalUpperTail } from "../stats/normal-upper-tail.ts";
import { worseBy } from "./check-drop.ts";
import type { EvalSink } from "./eval-sink.ts";
import type { Direction } from "./metric-rules.ts";
import type { SignificanceFamily } from "./significance-family.ts";
import { isUnderpowered } from "./underpowered.ts";

/** A drop's test as the family counted it. */
export interface DropTest {
  z: number;
  p: number;
  /** Its place among the family's p-values at or below α (−1 above). */
  index: number;
}

/**
 * The significance tests of one head value against its baseline (SPEC §3.4): one per direction a
 * tolerance gates it in (almost always one), each counted once in the family however many rules
 * share it, whether or not the value is beyond its tolerance — the family is every gated
 * comparison, not only the visible drops. `finish` reports the value as underpowered against the
 * tightest tolerance that gates it.
 *
 * One instance serves a model's values in turn (`reset`): the engine judges a million values
 * within its budget, so the common path (a value within tolerance) allocates nothing.
 */
export class ValueTests {
  // Set by `reset` before any other call.
  private head!: MetricValue;
  private base!: MetricValue;
  /** SE of the difference; undefined until asked, null when neither side has n or ci. */
  private se: number | null | undefined;
  private tightest = Infinity;
  private readonly z = { higher: Number.NaN, lower: Number.NaN };
  private readonly index = { higher: -1, lower: -1 };

  constructor(
    private readonly family: SignificanceFamily,
    private readonly sink: EvalSink,
  ) {}

  reset(head: MetricValue, base: MetricValue): this {
    this.head = head;
    this.base = base;
    this.se = undefined;
    this.tightest = Infinity;
    this.z.higher = Number.NaN;
    this.z.lower = Number.NaN;
    return this;
  }

  /** Counts the test of the change in `direction`, gated by `tolerance`; false when it is unknown (no n or ci). */
  count(direction: Direction, tolerance: number): boolean {
    const { head, base } = this;
    if (this.se === undefined) {
      const h = standardError(head);
      const b = standardError(base);
      this.se = h === null && b === null ? null : Math.sqrt((h ?? 0) ** 2 + (b ?? 0) ** 2);
    }
    if (this.se === null) return false;
    this.tightest = Math.min(this.tightest, tolerance);
    if (!Number.isNaN(this.z[direction])) return true;
    const z = zOf(worseBy(head.value, base.value, direction), this.se);
    this.z[direction] = z;
    this.index[direction] = this.family.test(z);
    return true;
  }

  /** The counted test in `direction`, for a drop beyond tolerance: "unknown" without n or ci. */
  result(direction: Direction): DropTest | "unknown" {
    const z = this.z[direction];
    if (this.se === null || Number.isNaN(z)) return "unknown";
    return { z, p: normalUpperTail(z), index: this.index[direction] };
  }

  finish(): void {
    const se = this.se;
    if (se === undefined || se === null || !isUnderpowered(se, this.tightest)) return;
    const { head, base } = this;
    const h = perUnitOf(head, standardError(head));
    const b = perUnitOf(base, standardError(base));
    this.family.underpowered({
      sink: this.sink,
      value: head,
      se,
      perUnit: h === null || b === null ? null : h + b,
      tolerance: this.tightest,
    });
  }
}
