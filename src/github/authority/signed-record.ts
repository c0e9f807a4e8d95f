import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { GATE_NAMES } from "../../core/types.ts";

/** What a record is bound to: it counts only for this repository, PR and head commit. */
export interface RecordBinding {
  /** `owner/name`, lower-cased. */
  repo: string;
  pr: number;
  sha: string;
}

const Bound = {
  repo: z.string(),
  pr: z.number().int().positive(),
  sha: z.string().regex(/^[0-9a-f]{40}$/),
  actor: z.string().min(1),
  reason: z.string(),
  /** Epoch ms: the comment's time. */
  at: z.number(),
};

/** An accepted `/override GATE REASON`: the gate counts as passed for that head commit only. */
export const OverrideRecord = z.strictObject({
  kind: z.literal("override"),
  gate: z.enum(GATE_NAMES),
  ...Bound,
});
export type OverrideRecord = z.infer<typeof OverrideRecord>;

/** `/hold` (held) or `/unhold` (released); carried to each new head of the PR. */
export const HoldRecord = z.strictObject({ kind: z.literal("hold"), held: z.boolean(), ...Bound });
export type HoldRecord = z.infer<typeof HoldRecord>;

export const AuthorityRecord = z.discriminatedUnion("kind", [OverrideRecord, HoldRecord]);
export type AuthorityRecord = z.infer<typeof AuthorityRecord>;

export type SignedRecord = AuthorityRecord & { sig: string };

/** Every field, in a fixed order: the bytes the signature covers. */
function canonical(r: AuthorityRecord): string {
  const subject = r.kind === "override" ? `gate:${r.gate}` : `held:${r.held}`;
  return JSON.stringify([
    "modelgate-record-v1",
    r.kind,
    r.repo,
    r.pr,
    r.sha,
    subject,
    r.actor,
    r.reason,
    r.at,
  ]);
}

const mac = (key: Buffer, r: AuthorityRecord): string =>
  createHmac("sha256", key).update(canonical(r)).digest("hex");

export function signRecord(key: Buffer, record: AuthorityRecord): SignedRecord {
  return { ...AuthorityRecord.parse(record), sig: mac(key, record) };
}

/**
 * The record, when `value` is one modelgate signed for exactly this binding; else null. Anything
 * unsigned, altered, or bound to another repository, PR or commit is ignored, never an error.
 */
export function verifyRecord(key: Buffer, value: unknown, binding: RecordBinding): AuthorityRecord | null {
  if (typeof value !== "object" || value === null || !("sig" in value)) return null;
  const { sig, ...rest } = value as { sig: unknown };
  if (typeof sig !== "string" || !/^[0-9a-f]{64}$/.test(sig)) return null;
  const parsed = AuthorityRecord.safeParse(rest);
  if (!parsed.success) return null;
  const r = parsed.data;
  if (!timingSafeEqual(Buffer.from(sig, "hex"), Buffer.from(mac(key, r), "hex"))) return null;
  if (r.repo !== binding.repo || r.pr !== binding.pr || r.sha !== binding.sha) return null;
  return r;
}
