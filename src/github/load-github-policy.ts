import type { Context } from "probot";
import { DEFAULT_POLICY_PATH } from "../core/evaluate-pr.ts";
import { loadPolicy } from "../core/policy/load-policy.ts";
import type { PolicyResult } from "../core/policy/validate-policy-object.ts";
import { validatePolicyObject } from "../core/policy/validate-policy-object.ts";

type AnyContext = Pick<Context, "config" | "octokit" | "repo">;

/**
 * The governing policy: `.github/modelgate.yml` of the default branch, through Probot's
 * `context.config` so that `_extends` works. Only when it is invalid is the raw file read
 * again, to put each error on its line.
 */
export async function loadGitHubPolicy(context: AnyContext): Promise<PolicyResult> {
  let value: unknown;
  try {
    // Probot's default merge concatenates lists across `_extends`; a list in the repo's policy replaces the inherited one.
    value = await context.config("modelgate.yml", undefined, {
      arrayMerge: (_target: unknown[], source: unknown[]) => source,
    });
  } catch (err) {
    return withLines(
      context,
      `the policy could not be read: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`,
    );
  }
  const result = validatePolicyObject(value, DEFAULT_POLICY_PATH);
  if (result.policy) return result;
  const lined = await withLines(context, null);
  // Errors that come from an `_extends` base have no line in our file: keep the object's result then.
  return lined.findings.length > 0 ? lined : result;
}

async function withLines(context: AnyContext, fallback: string | null): Promise<PolicyResult> {
  const text = await context.octokit.rest.repos
    .getContent({ ...context.repo(), path: DEFAULT_POLICY_PATH, mediaType: { format: "raw" } })
    .then((r) => String(r.data))
    .catch(() => null);
  const loaded = loadPolicy(DEFAULT_POLICY_PATH, text);
  if (loaded.findings.length > 0 || fallback === null) return loaded;
  return {
    policy: null,
    findings: [
      {
        gate: "policy",
        code: "policy.invalid",
        severity: "error",
        model: null,
        file: DEFAULT_POLICY_PATH,
        line: null,
        message: fallback,
      },
    ],
  };
}
