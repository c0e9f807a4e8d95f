import { formatDuration, parseDuration } from "../policy/parse-duration.ts";
import type { Stage } from "../policy/schema.ts";
import { neutralize } from "../render/neutralize.ts";
import { formatUtc } from "./format-utc.ts";
import {
  environmentDeployments,
  environmentName,
  isFailed,
  isInFlight,
  latestState,
  type RolloutDeployment,
  successAt,
} from "./rollout-deployment.ts";

/** One unmet condition of `/promote`: a stable code and a sentence that says what would meet it. */
export interface Unmet {
  code:
    | "pr.not-open"
    | "pr.not-merged"
    | "check.missing"
    | "check.failed"
    | "previous.missing"
    | "previous.not-live"
    | "previous.soaking"
    | "checks.required"
    | "hold"
    | "environment.locked"
    | "stage.already-live";
  message: string;
}

export type PrState = "open" | "closed" | "merged";

export interface PromoteInput {
  stages: readonly Stage[];
  /** The target stage's name (one of `stages`). */
  stage: string;
  /** `rollout.environment`. */
  environment: string;
  model: string;
  prefix: string;
  pr: { number: number; state: PrState; headSha: string };
  /** The conclusion of the gate check(s) on the head: null when none has run. */
  gateCheck: string | null;
  /** Check name → conclusion of its latest run on the head (null while it runs). */
  checks: ReadonlyMap<string, string | null>;
  onHold: boolean;
  /** Deployments of the model's environments. */
  deployments: readonly RolloutDeployment[];
  /** The state of other PRs that deployed to the target environment. */
  otherPrs: ReadonlyMap<number, PrState>;
  now: number;
}

const PASSING = new Set(["success", "neutral", "skipped"]);

/** Every unmet condition of SPEC §4.3, in the order a reader fixes them; empty means go. */
export function promotePreconditions(input: PromoteInput): Unmet[] {
  const i = input.stages.findIndex((s) => s.name === input.stage);
  const stage = input.stages[i];
  if (stage === undefined) throw new Error(`unknown stage ${input.stage}`);
  const head = input.pr.headSha.slice(0, 7);
  const env = (s: Stage) => environmentName(input.environment, input.model, s.name);
  const cmd = (text: string) => `\`${input.prefix}/${text}\``;
  const out: Unmet[] = [];

  if (stage.require_merged && input.pr.state !== "merged")
    out.push({
      code: "pr.not-merged",
      message: `${stage.name} requires the PR to be merged first: merge it, then promote again.`,
    });
  else if (!stage.require_merged && input.pr.state !== "open")
    out.push({ code: "pr.not-open", message: `the PR is ${input.pr.state}: reopen it to promote from it.` });

  if (input.gateCheck === null)
    out.push({
      code: "check.missing",
      message: `the modelgate check has not run on ${head} yet: wait for it, or ${cmd("status")}.`,
    });
  else if (!PASSING.has(input.gateCheck))
    out.push({
      code: "check.failed",
      message: `the modelgate check is \`${input.gateCheck}\` on ${head}: fix its findings and push, or ${cmd("override GATE REASON")} (overrides.permission).`,
    });

  const previous = input.stages[i - 1];
  if (previous !== undefined) out.push(...soakConditions(input, stage, previous, env(previous), cmd));

  for (const name of stage.require_checks ?? []) {
    const conclusion = input.checks.get(name);
    if (conclusion !== undefined && conclusion !== null && PASSING.has(conclusion)) continue;
    const state =
      conclusion === undefined
        ? "has not run"
        : conclusion === null
          ? "is still running"
          : `is \`${conclusion}\``;
    out.push({
      code: "checks.required",
      message: `the required check ${neutralize(name, { code: "span" })} ${state} on ${head}: ${stage.name} needs it successful.`,
    });
  }

  if (input.onHold)
    out.push({
      code: "hold",
      message: `the PR is on hold (label \`modelgate: hold\`): ${cmd("unhold")} releases it.`,
    });

  const target = environmentDeployments(input.deployments, env(stage));
  const lock = lockHolder(target, input);
  if (lock !== null) out.push(lock);
  const mine = target[0];
  if (
    mine?.payload?.pr === input.pr.number &&
    mine.payload.kind === "promote" &&
    mine.sha === input.pr.headSha
  ) {
    const state = latestState(mine);
    if (state === "success" || isInFlight(state))
      out.push({
        code: "stage.already-live",
        message: `${stage.name} already ${state === "success" ? "runs" : "is deploying"} ${head} (deployment ${mine.id}).`,
      });
  }
  return out;
}

/** The previous stage must run this head, successfully, for at least the target's `soak`. */
function soakConditions(
  input: PromoteInput,
  stage: Stage,
  previous: Stage,
  environment: string,
  cmd: (s: string) => string,
): Unmet[] {
  const head = input.pr.headSha.slice(0, 7);
  const inEnv = environmentDeployments(input.deployments, environment);
  const ofHead = inEnv.find(
    (d) => d.sha === input.pr.headSha && d.payload?.kind === "promote" && d.payload.pr === input.pr.number,
  );
  if (ofHead === undefined)
    return [
      {
        code: "previous.missing",
        message: `${previous.name} has no deployment of ${head}: ${cmd(`promote ${previous.name}`)} first.`,
      },
    ];
  // A rollback after it takes the head out of the previous stage, even before the CD reports on it.
  const rollback = inEnv.find((d) => d.id > ofHead.id && d.payload?.kind === "rollback");
  if (rollback !== undefined)
    return [
      {
        code: "previous.not-live",
        message: `${previous.name} was rolled back from ${head} (deployment ${rollback.id}): ${cmd(`promote ${previous.name}`)} again first.`,
      },
    ];
  const state = latestState(ofHead);
  const since = successAt(ofHead);
  if (state !== "success" || since === null) {
    const why = isInFlight(state)
      ? "has not reported success yet"
      : isFailed(state)
        ? `is \`${state}\``
        : `is \`${state}\``;
    return [
      {
        code: "previous.not-live",
        message: `the ${previous.name} deployment of ${head} ${why}: ${stage.name} follows a live ${previous.name}.`,
      },
    ];
  }
  const soak = stage.soak ? parseDuration(stage.soak) : 0;
  const soaked = input.now - since;
  if (soaked >= soak) return [];
  return [
    {
      code: "previous.soaking",
      message: `${previous.name} has soaked ${formatDuration(soaked)} of ${asWritten(stage.soak ?? "0s")}; try again after ${formatUtc(since + soak)}.`,
    },
  ];
}

/** Another open PR holds the environment when its deployment there is the latest and live (or going live). */
function lockHolder(target: RolloutDeployment[], input: PromoteInput): Unmet | null {
  const latest = target[0];
  const p = latest?.payload;
  if (latest === undefined || p == null || p.kind !== "promote" || p.pr === input.pr.number) return null;
  const state = latestState(latest);
  if (state !== "success" && !isInFlight(state)) return null;
  if (input.otherPrs.get(p.pr) !== "open") return null;
  return {
    code: "environment.locked",
    message: `${neutralize(latest.environment, { code: "span" })} is held by #${p.pr} (${neutralize(p.model)} ${neutralize(p.version ?? latest.sha.slice(0, 7))}, by @${neutralize(p.actor)}): merge or close #${p.pr}, or roll it back there, first.`,
  };
}

/** The open PR whose deployment may hold the stage's environment, to ask GitHub about. */
export function possibleHolder(
  deployments: readonly RolloutDeployment[],
  environment: string,
  pr: number,
): number | null {
  const latest = environmentDeployments(deployments, environment)[0];
  const p = latest?.payload;
  return p && p.kind === "promote" && p.pr !== pr ? p.pr : null;
}

/** The policy's duration as its author wrote it, spaced: "24h" → "24 h". */
const asWritten = (d: string): string => d.replace(/^(\d+)([smhd])$/, "$1 $2");
