import type { Policy } from "../../core/policy/schema.ts";

type Run = { name: string; conclusion: string | null; ours: boolean };

/**
 * The conclusion of our gate check(s) on the head: null when none ran, the first failing
 * conclusion when any fails (with `checks.split`, every `<name>/<gate>` run counts), else
 * success. Runs are newest first; only the latest run of each name counts.
 */
export function gateCheckConclusion(runs: readonly Run[], checks: Policy["checks"]): string | null {
  const latest = latestByName(
    runs.filter((r) => r.ours && (r.name === checks.name || r.name.startsWith(`${checks.name}/`))),
  );
  if (latest.size === 0) return null;
  for (const conclusion of latest.values())
    if (conclusion === null || !["success", "neutral", "skipped"].includes(conclusion))
      return conclusion ?? "in_progress";
  return "success";
}

/** Check name → conclusion of its newest run, any app. */
export function latestByName(runs: readonly Run[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const r of runs) if (!out.has(r.name)) out.set(r.name, r.conclusion);
  return out;
}
