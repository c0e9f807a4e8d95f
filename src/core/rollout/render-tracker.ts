import { formatDuration } from "../policy/parse-duration.ts";
import { neutralize } from "../render/neutralize.ts";
import { lastIndex } from "./default-stage.ts";
import { formatUtc } from "./format-utc.ts";
import type { StageView } from "./stage-states.ts";

/**
 * The tracker line of SPEC §4.2:
 * `shadow ✅ (2026-11-20 14:02, @alice) → canary ⏳ soaking, 5 h left → production ○`
 */
export function trackerLine(views: readonly StageView[]): string {
  return views.map(stageText).join(" → ");
}

function stageText(v: StageView): string {
  const name = v.stage.name;
  const older = v.deployment && !v.isHead ? ` (older commit ${v.deployment.sha.slice(0, 7)})` : "";
  const s = v.status;
  switch (s.kind) {
    case "pending":
      return `${name} ○`;
    case "deploying":
      return `${name} 🔄 deploying${older}`;
    case "active":
      return `${name} ✅ (${formatUtc(s.since, false)}, @${s.actor})${older}`;
    case "soaking":
      return `${name} ⏳ soaking, ${formatDuration(s.leftMs)} left${older}`;
    case "failed":
      return `${name} ❌ ${s.state} (${formatUtc(s.at, false)})${older}`;
    case "rolled-back":
      return `${name} ↩️ rolled back (${formatUtc(s.at, false)}, @${s.actor})`;
    case "replaced":
      return `${name} ⏭ replaced${s.byPr !== null ? ` by #${s.byPr}` : ""}`;
  }
}

export interface NextStepOptions {
  /** `commands.prefix`. */
  prefix: string;
  /** Set when the PR changes several models, so the command must name one. */
  model: string | null;
  merged: boolean;
}

/** The next thing to type (or to wait for), as a sentence with the command in backticks. */
export function nextStep(views: readonly StageView[], opts: NextStepOptions): string {
  const cmd = (name: string, stage: string) =>
    `\`${opts.prefix}/${name} ${stage}${opts.model ? ` --model ${neutralize(opts.model, { code: "inside" })}` : ""}\``;
  const failed = views[lastIndex(views, (v) => v.status.kind === "failed")];
  if (failed) return `${failed.stage.name} failed: ${cmd("rollback", failed.stage.name)}`;
  const deploying = views.find((v) => v.status.kind === "deploying");
  if (deploying) return `waiting for the ${deploying.stage.name} deployment to report its status`;
  const reached = lastIndex(
    views,
    (v) => v.isHead && (v.status.kind === "active" || v.status.kind === "soaking"),
  );
  const next = views[reached + 1];
  if (next === undefined) return "fully rolled out 🎉";
  if (next.stage.require_merged && !opts.merged)
    return `merge the PR, then ${cmd("promote", next.stage.name)}`;
  const current = views[reached]?.status;
  if (current?.kind === "soaking")
    return `${cmd("promote", next.stage.name)} after ${formatUtc(current.readyAt)}`;
  return cmd("promote", next.stage.name);
}
