import type { GateName } from "../../core/types.ts";
import { RECORDS_RUN_NAME, recordsInRun } from "./records-run.ts";
import type { AuthorityRecord, HoldRecord, OverrideRecord, RecordBinding } from "./signed-record.ts";

/** The label that mirrors a hold, compared lower-cased. */
export const HOLD_LABEL = "modelgate: hold";

export interface HoldState {
  held: boolean;
  /** Who set the hold modelgate recorded; null when only the label holds the PR. */
  by: string | null;
  reason: string;
  /** A hold modelgate recorded (lifted only by `/unhold` or by someone with `commands.permission`). */
  recorded: boolean;
}

/** What may change a verdict or stop a promotion, for one PR head. */
export interface Authority {
  overrides: Partial<Record<GateName, { by: string; reason: string }>>;
  hold: HoldState;
  /** The verified records in force, in order: what a new record is merged into. */
  records: AuthorityRecord[];
}

/** One of the App's own check runs on the head (the caller filters by the App's id). */
export interface OwnRun {
  id: number;
  name: string;
  text: string | null;
}

/**
 * The authority in force on `binding.sha`: read only from the App's records run on that commit,
 * each record verified against its signature and binding. The hold label can only add caution:
 * a PR labelled by hand is held, but removing the label never lifts a recorded hold.
 */
export function authorityOf(input: {
  runs: readonly OwnRun[];
  labels: readonly string[];
  key: Buffer;
  binding: RecordBinding;
}): Authority {
  const latest = input.runs
    .filter((r) => r.name === RECORDS_RUN_NAME)
    .reduce<OwnRun | null>((a, r) => (a === null || r.id > a.id ? r : a), null);
  const records = latest === null ? [] : recordsInRun(latest.text, input.key, input.binding);
  return authorityFromRecords(records, input.labels);
}

/** The authority that verified records (and the labels on the PR) amount to. */
export function authorityFromRecords(records: AuthorityRecord[], labels: readonly string[]): Authority {
  const overrides: Authority["overrides"] = {};
  for (const r of records) if (r.kind === "override") overrides[r.gate] = { by: r.actor, reason: r.reason };
  const hold = records.filter((r): r is HoldRecord => r.kind === "hold").at(-1);
  const labelled = labels.some((l) => l.toLowerCase() === HOLD_LABEL);
  const held = hold?.held === true;
  return {
    overrides,
    records,
    hold: {
      held: held || labelled,
      by: held ? (hold?.actor ?? null) : null,
      reason: held ? (hold?.reason ?? "") : "",
      recorded: held,
    },
  };
}

/** The records with `next` in force: one override per gate, one hold, the newest winning. */
export function withRecord(records: readonly AuthorityRecord[], next: AuthorityRecord): AuthorityRecord[] {
  const replaced = (r: AuthorityRecord) =>
    next.kind === "hold"
      ? r.kind === "hold"
      : r.kind === "override" && (r as OverrideRecord).gate === next.gate;
  return [...records.filter((r) => !replaced(r)), next];
}
