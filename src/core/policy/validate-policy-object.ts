import type { Finding } from "../types.ts";
import { describePolicyIssue } from "./describe-policy-issue.ts";
import { Policy } from "./schema.ts";

/** Maps an option path to the 1-based line of its key in the policy file, or null. */
export type PolicyLineOf = (path: ReadonlyArray<PropertyKey>) => number | null;

export interface PolicyResult {
  /** The validated policy with defaults filled in; null when there is any finding (fail closed). */
  policy: Policy | null;
  findings: Finding[];
}

/**
 * Validates an already-parsed policy object: what the GitHub App gets from Probot's
 * `context.config` (parsed, `_extends` merged), and what `loadPolicy` gets from the YAML file.
 * null or undefined means no policy file: the defaults. Never throws.
 */
export function validatePolicyObject(value: unknown, file: string, lineOf?: PolicyLineOf): PolicyResult {
  const parsed = Policy.safeParse(withoutExtends(value ?? {}), { reportInput: true });
  if (parsed.success) return { policy: parsed.data, findings: [] };

  const findings = parsed.error.issues
    .flatMap(describePolicyIssue)
    .map(
      ({ path, message }): Finding => ({
        gate: "policy",
        code: "policy.invalid",
        severity: "error",
        model: null,
        file,
        line: lineOf ? lineNear(lineOf, path) : null,
        message,
      }),
    )
    // zod reports in schema order; the reader goes through the file top to bottom.
    .sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  return { policy: null, findings };
}

/**
 * `_extends` is Probot's config inheritance (`_extends: .github`): Probot resolves it before we see
 * the object, but a file read directly (the CLI, a dry run of a changed policy) still carries it.
 */
function withoutExtends(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value) || !("_extends" in value))
    return value;
  const { _extends: _ignored, ...rest } = value;
  return rest;
}

/** The line of the path, else of its nearest ancestor that has one (a missing key has no line). */
function lineNear(lineOf: PolicyLineOf, path: ReadonlyArray<PropertyKey>): number | null {
  for (let n = path.length; n >= 0; n--) {
    const line = lineOf(path.slice(0, n));
    if (line !== null) return line;
  }
  return null;
}
