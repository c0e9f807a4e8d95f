import type { StageView } from "./stage-states.ts";

const lastIndex = <T>(xs: readonly T[], p: (x: T) => boolean): number => {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i] as T)) return i;
  return -1;
};

/** `/promote` without a stage: the one after the furthest stage that runs the head; else the first. */
export function nextStageToPromote(views: readonly StageView[]): string | null {
  const reached = lastIndex(
    views,
    (v) => v.isHead && (v.status.kind === "active" || v.status.kind === "soaking"),
  );
  return views[reached + 1]?.stage.name ?? null;
}

/** `/rollback` without a stage: the furthest stage where this PR's deployment is live, going live or failed. */
export function stageToRollBack(views: readonly StageView[]): string | null {
  const i = lastIndex(views, (v) => ["active", "soaking", "deploying", "failed"].includes(v.status.kind));
  return views[i]?.stage.name ?? null;
}

export { lastIndex };
