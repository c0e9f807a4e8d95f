import { neutralize } from "../render/neutralize.ts";
import { nextStep, trackerLine } from "./render-tracker.ts";
import type { StageView } from "./stage-states.ts";

export const ROLLOUT_START = "<!-- modelgate:rollout -->";
export const ROLLOUT_END = "<!-- /modelgate:rollout -->";
/** Written when any stage has a deployment: such a tracker must be recomputed, not kept. */
const LIVE = "<!-- modelgate:rollout-live -->";

export interface ModelRollout {
  name: string;
  version: string | null;
  views: StageView[];
}

/**
 * The rollout section of the sticky comment, between markers so that an evaluation that does
 * not read deployments can keep it as it is.
 */
export function renderRollout(
  models: readonly ModelRollout[],
  opts: { prefix: string; merged: boolean },
): string {
  if (models.length === 0) return "";
  const several = models.length > 1;
  const live = models.some((m) => m.views.some((v) => v.deployment !== null));
  const lines = [ROLLOUT_START, ...(live ? [LIVE] : []), "#### Rollout", ""];
  for (const m of models) {
    const version = m.version ? ` ${neutralize(m.version, { code: "span", max: 100 })}` : "";
    lines.push(
      `- **${neutralize(m.name)}**${version}: ${trackerLine(m.views)}`,
      `  Next: ${nextStep(m.views, { prefix: opts.prefix, model: several ? m.name : null, merged: opts.merged })}`,
    );
  }
  lines.push("", `Commands: \`${opts.prefix}/help\``, ROLLOUT_END);
  return lines.join("\n");
}

/** The rollout section of an existing sticky body, or null. */
export function rolloutSectionOf(body: string | null | undefined): string | null {
  if (!body) return null;
  const start = body.indexOf(ROLLOUT_START);
  const end = body.indexOf(ROLLOUT_END);
  if (start < 0 || end < start) return null;
  return body.slice(start, end + ROLLOUT_END.length);
}

/** The section shows a deployment: the tracker must then be recomputed, not kept. */
export const rolloutIsLive = (section: string | null): boolean => section?.includes(LIVE) ?? false;
