import { type EvaluateOptions, evaluatePr } from "../../../src/core/evaluate-pr.ts";
import { loadPolicy } from "../../../src/core/policy/load-policy.ts";
import type { Policy } from "../../../src/core/policy/schema.ts";
import type { Report } from "../../../src/core/report.ts";
import { memorySnapshot, type Tree } from "./memory-snapshot.ts";

/** A policy from its YAML text (the defaults when omitted); throws on an invalid one, for tests. */
export function policyOf(yaml = ""): Policy {
  const { policy, findings } = loadPolicy(".github/modelgate.yml", yaml);
  if (!policy) throw new Error(`invalid test policy: ${findings.map((f) => f.message).join("; ")}`);
  return policy;
}

export interface EngineRun {
  base: Tree;
  head: Tree;
  /** The governing policy's YAML. */
  policy?: string;
  options?: Omit<EvaluateOptions, "policy">;
  /** The repository's tags (GTO's `NAME@vX.Y.Z`). */
  tags?: string[];
}

export interface EngineResult {
  report: Report;
  /** Number of `read` batches the engine made. */
  reads: number;
}

export async function runEngine(run: EngineRun): Promise<EngineResult> {
  const snapshot = memorySnapshot(run.base, run.head, run.tags);
  const report = await evaluatePr(snapshot, { ...run.options, policy: policyOf(run.policy) });
  return { report, reads: snapshot.reads.length };
}

/** The finding codes of a report, sorted: what the tables assert. */
export const codesOf = (report: Report): string[] => report.findings.map((f) => f.code).sort();
