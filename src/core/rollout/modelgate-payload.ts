import { z } from "zod";

/**
 * The payload of every Deployment modelgate creates (SPEC §4.3). The team's CD reads it; we
 * read it back to know which model, stage and PR a deployment belongs to, and which comment
 * asked for it (redeliveries are recognised by `comment_id`).
 */
export const ModelgatePayload = z.object({
  modelgate: z.literal(1),
  model: z.string(),
  version: z.string().nullable(),
  stage: z.string(),
  traffic: z.number(),
  /** A real PR number: a payload naming PR 0 is not ours, and holds no lock. */
  pr: z.number().int().positive(),
  actor: z.string(),
  /** The comment that asked for it; null for an automatic rollback. */
  comment_id: z.number().int().nullable(),
  kind: z.enum(["promote", "rollback"]),
});
export type ModelgatePayload = z.infer<typeof ModelgatePayload>;

/** Our payload, or null for anything else (GitHub may return it as a JSON string). */
export function readPayload(raw: unknown): ModelgatePayload | null {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  const parsed = ModelgatePayload.safeParse(value);
  return parsed.success ? parsed.data : null;
}
