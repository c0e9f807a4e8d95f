import { z } from "zod";
import { GATE_NAMES, type GateName } from "../types.ts";

/**
 * An accepted `/override`, as the App records it: a hidden marker in the App's own reply on the
 * PR. The reply is the state (SPEC §4.3: all state lives in GitHub): any replica reads it back
 * from the PR's comments, only from the App's own bot (a user cannot forge one), and only for
 * the head commit it names, so that a new push voids it.
 */
export const OverrideRecord = z.object({
  gate: z.enum(GATE_NAMES),
  sha: z.string(),
  by: z.string(),
  reason: z.string(),
});
export type OverrideRecord = z.infer<typeof OverrideRecord>;

const MARKER = /<!-- modelgate:override (\{.*?\}) -->/g;

export function formatOverrideRecord(r: OverrideRecord): string {
  // Escaped so that no `-->` inside the reason can end the HTML comment early.
  const json = JSON.stringify(r).replace(
    /[<>-]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `<!-- modelgate:override ${json} -->`;
}

export function readOverrideRecords(body: string): OverrideRecord[] {
  const out: OverrideRecord[] = [];
  for (const m of body.matchAll(MARKER)) {
    let value: unknown;
    try {
      value = JSON.parse(m[1] ?? "");
    } catch {
      continue;
    }
    const record = OverrideRecord.safeParse(value);
    if (record.success) out.push(record.data);
  }
  return out;
}

/** The overrides in force for `headSha`, the latest per gate winning. */
export function overridesForHead(
  bodies: readonly string[],
  headSha: string,
): Partial<Record<GateName, { by: string; reason: string }>> {
  const out: Partial<Record<GateName, { by: string; reason: string }>> = {};
  for (const body of bodies)
    for (const r of readOverrideRecords(body))
      if (r.sha === headSha) out[r.gate] = { by: r.by, reason: r.reason };
  return out;
}
