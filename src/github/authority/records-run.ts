import { neutralize } from "../../core/render/neutralize.ts";
import {
  type AuthorityRecord,
  type RecordBinding,
  type SignedRecord,
  verifyRecord,
} from "./signed-record.ts";

/**
 * modelgate's state for one head commit lives in a check run of its own (SPEC §4.4): only the
 * App can create or change its check runs, and a check run belongs to one commit, so an
 * override recorded there is void after any push. The name is fixed (not `checks.name`), so
 * that a policy change does not orphan the records.
 */
export const RECORDS_RUN_NAME = "modelgate records";
export const RECORDS_EXTERNAL_ID = "modelgate-records-v1";

const OPEN = "<!-- modelgate:records ";
const CLOSE = " -->";

export interface RecordsRunOutput {
  title: string;
  summary: string;
  text: string;
}

/** The run's output: a readable account, and the signed records in a hidden block. */
export function renderRecordsRun(records: readonly SignedRecord[]): RecordsRunOutput {
  const lines = records.map(describe);
  const json = JSON.stringify(records).replace(
    /[<>-]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return {
    title: titleOf(records),
    summary: [
      "Overrides and holds accepted by modelgate for this commit. Only modelgate writes this check run; a new push voids the overrides.",
      "",
      ...(lines.length > 0 ? lines : ["- none"]),
    ].join("\n"),
    text: `${OPEN}${json}${CLOSE}`,
  };
}

/** The verified records in a records run's text; anything else in it is ignored. */
export function recordsInRun(text: string | null, key: Buffer, binding: RecordBinding): AuthorityRecord[] {
  if (text === null || !text.startsWith(OPEN) || !text.endsWith(CLOSE)) return [];
  let values: unknown;
  try {
    values = JSON.parse(text.slice(OPEN.length, text.length - CLOSE.length));
  } catch {
    return [];
  }
  if (!Array.isArray(values)) return [];
  return values.flatMap((v) => {
    const r = verifyRecord(key, v, binding);
    return r === null ? [] : [r];
  });
}

function describe(r: SignedRecord): string {
  const who = `@${r.actor}`;
  const why = r.reason ? `: ${neutralize(r.reason)}` : "";
  if (r.kind === "override") return `- \`${r.gate}\` overridden by ${neutralize(who)}${why}`;
  return r.held ? `- on hold by ${neutralize(who)}${why}` : `- hold released by ${neutralize(who)}`;
}

function titleOf(records: readonly SignedRecord[]): string {
  const overrides = records.filter((r) => r.kind === "override").length;
  const held = records.some((r) => r.kind === "hold" && r.held);
  const parts = [
    ...(overrides > 0 ? [`${overrides} gate${overrides === 1 ? "" : "s"} overridden`] : []),
    ...(held ? ["on hold"] : []),
  ];
  return parts.length > 0 ? parts.join(" · ") : "no override, no hold";
}
