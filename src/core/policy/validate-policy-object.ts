import type { Finding } from "../types.ts";
import { describePolicyIssue, type PolicyProblem } from "./describe-policy-issue.ts";
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
  const extendsProblems = checkExtends(value);
  if (parsed.success && extendsProblems.length === 0) return { policy: parsed.data, findings: [] };

  const problems = [
    ...extendsProblems,
    ...(parsed.success ? [] : parsed.error.issues.flatMap(describePolicyIssue)),
  ];
  const findings = problems
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

/** Probot's `_extends` syntax (@probot/octokit-plugin-config): repo, owner/repo, owner/repo:path.yml. */
const EXTENDS_RE = /^(?:[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}\/)?[-_.\w]+(?::[-_./\w]+\.ya?ml)?$/i;

/**
 * Probot throws on a malformed `_extends` when it loads the merged config; catching it here lets
 * the dry run of a policy change report it before it is merged and breaks the App.
 */
function checkExtends(value: unknown): PolicyProblem[] {
  if (value === null || typeof value !== "object" || Array.isArray(value) || !("_extends" in value))
    return [];
  const ext: unknown = value._extends;
  if (typeof ext === "string" && EXTENDS_RE.test(ext)) return [];
  const shown = typeof ext === "string" ? JSON.stringify(ext) : String(ext);
  return [
    {
      path: ["_extends"],
      message: `_extends must be "repo", "owner/repo" or "owner/repo:path/to/file.yml" (got ${shown})`,
    },
  ];
}

/** The line of the path, else of its nearest ancestor that has one (a missing key has no line). */
function lineNear(lineOf: PolicyLineOf, path: ReadonlyArray<PropertyKey>): number | null {
  for (let n = path.length; n >= 0; n--) {
    const line = lineOf(path.slice(0, n));
    if (line !== null) return line;
  }
  return null;
}
