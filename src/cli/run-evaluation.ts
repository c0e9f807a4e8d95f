import path from "node:path";
import picomatch from "picomatch";
import { DEFAULT_POLICY_PATH, evaluatePr } from "../core/evaluate-pr.ts";
import { loadPolicy } from "../core/policy/load-policy.ts";
import type { Report } from "../core/report.ts";
import type { Finding } from "../core/types.ts";
import { CardParsePool, cardThreads } from "./card-parse-pool.ts";
import type { OpenedSnapshot } from "./open-snapshot.ts";
import { readText } from "./read-text.ts";

export interface EvaluationRequest {
  cwd: string;
  opened: OpenedSnapshot;
  /** `--policy FILE`, as given. */
  policyFlag?: string | undefined;
  models?: readonly string[];
  /** Where a warning that does not change the report goes (a card-parsing thread that failed). */
  warn?: (message: string) => void;
}

export type Evaluation =
  | { ok: true; report: Report; policyLine: string }
  | { ok: false; policyName: string; findings: Finding[]; report: Report };

/**
 * `check` and `ci` alike: load the governing policy (`--policy FILE`, else the base's), evaluate,
 * and say in one line which policy that was, so nobody mistakes whose rules were applied.
 */
export async function runEvaluation(req: EvaluationRequest): Promise<Evaluation> {
  const policyFile = req.policyFlag === undefined ? null : path.resolve(req.cwd, req.policyFlag);
  const policyText = policyFile ? await readText(policyFile, "policy") : await req.opened.basePolicy();
  const policyName = policyFile ? path.relative(req.cwd, policyFile) || policyFile : DEFAULT_POLICY_PATH;
  const loaded = loadPolicy(policyName, policyText);
  if (!loaded.policy)
    return { ok: false, policyName, findings: loaded.findings, report: policyFailure(loaded.findings) };
  const base = req.opened.baseLabel;
  const defaults = `the defaults (no ${DEFAULT_POLICY_PATH} in ${base})`;
  const policyLine = policyFile
    ? `policy: ${policyName} (--policy)`
    : `policy: ${policyText === null ? defaults : `${DEFAULT_POLICY_PATH} of ${base}`}`;
  const governedBy = policyFile
    ? `the policy given with --policy (${policyName})`
    : policyText === null
      ? defaults
      : `the base's (${DEFAULT_POLICY_PATH} of ${base})`;
  // Cards are parsed in worker threads when a read brings many (a whole repository's), the same
  // parse as the main thread's; the threads end with the evaluation.
  const pool = new CardParsePool({
    threads: cardThreads(),
    repository: req.opened.repository,
    isCardPath: picomatch([...loaded.policy.paths.model_cards], { dot: true }),
    warn: req.warn ?? (() => {}),
  });
  req.opened.watch?.(pool.watcher);
  try {
    const report = await evaluatePr(pool.wrap(req.opened.snapshot), {
      policy: loaded.policy,
      models: req.models ?? [],
      governedBy,
      repository: req.opened.repository,
      parseCard: pool.parseCard,
    });
    return { ok: true, report, policyLine };
  } finally {
    await pool.close();
  }
}

function policyFailure(findings: Finding[]): Report {
  return {
    conclusion: "failure",
    models: [],
    gates: [],
    findings,
    metrics: [],
    notes: ["the policy is invalid: no gate ran"],
  };
}
