import type { ModelContext } from "../../types.ts";
import type { Anchor } from "./eval-sink.ts";

/**
 * Where a finding about an absent value points: the list it should have been in, the head
 * manifest's `metrics` (the run is the source of truth), else the card's `model-index`.
 */
export function metricsAnchor(ctx: ModelContext): Anchor {
  if (ctx.manifest !== null) return { file: ctx.manifest.file, line: ctx.manifest.lineOf("metrics") };
  return { file: ctx.card.file, line: ctx.card.fieldLines["model-index"] ?? null };
}
