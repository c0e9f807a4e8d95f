import type { MetricValue } from "../../types.ts";
import { differenceSe, zOf } from "../significance.ts";
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
 */
export class ValueTests {
  private se: number | null | undefined;
  private perUnit: number | null = null;
  private higher: DropTest | null = null;
  private lower: DropTest | null = null;
  private tightest = Infinity;

  constructor(
    private readonly head: MetricValue,
    private readonly base: MetricValue,
    private readonly family: SignificanceFamily,
    private readonly sink: EvalSink,
  ) {}

  /** The test of the change in `direction`, gated by `tolerance`; "unknown" without n or ci on either side. */
  get(direction: Direction, tolerance: number): DropTest | "unknown" {
    if (this.se === undefined) {
      const diff = differenceSe(this.head, this.base);
      this.se = diff?.se ?? null;
      this.perUnit = diff?.perUnit ?? null;
    }
    if (this.se === null) return "unknown";
    this.tightest = Math.min(this.tightest, tolerance);
    const known = direction === "higher" ? this.higher : this.lower;
    if (known !== null) return known;
    const z = zOf(worseBy(this.head.value, this.base.value, direction), this.se);
    const p = normalUpperTail(z);
    const test = { z, p, index: this.family.test(p) };
    if (direction === "higher") this.higher = test;
    else this.lower = test;
    return test;
  }

  finish(): void {
    const se = this.se;
    if (se === undefined || se === null || !isUnderpowered(se, this.tightest)) return;
    this.family.underpowered({
      sink: this.sink,
      value: this.head,
      se,
      perUnit: this.perUnit,
      tolerance: this.tightest,
    });
  }
}
