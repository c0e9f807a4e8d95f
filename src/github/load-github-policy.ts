import type { Context } from "probot";
import { DEFAULT_POLICY_PATH } from "../core/evaluate-pr.ts";
import { isRecord } from "../core/parse/is-record.ts";
import { LIMITS, parseYamlSafe } from "../core/parse/safe-yaml.ts";
import { loadPolicy } from "../core/policy/load-policy.ts";
import type { PolicyResult } from "../core/policy/validate-policy-object.ts";
import { validatePolicyObject } from "../core/policy/validate-policy-object.ts";
import type { Finding } from "../core/types.ts";

type AnyContext = Pick<Context, "config" | "octokit" | "repo">;

/**
 * The policy files of the default branch as an earlier GraphQL query read them, so that loading
 * the policy costs no request of its own. For each: the text, null when there is no such file,
 * undefined when the query could not give its text (binary, over 512 KB): then it is read by REST.
 */
export interface PrefetchedPolicy {
  /** The repository's own `.github/modelgate.yml`. */
  own: string | null | undefined;
  /** The organization's, in its `.github` repository (null also when that repository is unreadable). */
  org: string | null | undefined;
}

/**
 * The governing policy: `.github/modelgate.yml` of the default branch. The repository's own file
 * is read raw and parsed by our safe loader (64 KiB, alias and depth limits, errors on their
 * lines) in one request. Only when it inherits (`_extends`), or when the repository has none
 * (the organization's `.github` repository may), is Probot's `context.config` asked to resolve
 * the chain as Probot apps do; lists in the repository's policy replace inherited ones.
 */
export async function loadGitHubPolicy(
  context: AnyContext,
  prefetched?: PrefetchedPolicy,
): Promise<PolicyResult> {
  // An API failure (5xx, a missing permission) propagates: the handler's failure check explains it.
  const text = prefetched?.own !== undefined ? prefetched.own : await readOwnPolicy(context);
  if (text !== null) {
    const known = kept.get(text);
    if (known !== undefined) return known;
    const own = parseYamlSafe({
      file: DEFAULT_POLICY_PATH,
      text,
      maxBytes: LIMITS.maxPolicyBytes,
      gate: "policy",
      code: "policy.invalid",
    });
    const inherits = own.findings.length === 0 && isRecord(own.value) && "_extends" in own.value;
    if (!inherits) return remember(text, loadPolicy(DEFAULT_POLICY_PATH, text));
    return resolveWithProbot(context, own.lineOf);
  }
  const org = prefetched?.org;
  return typeof org === "string" || org === null ? prefetchedOrgDefaults(context, org) : orgDefaults(context);
}

/**
 * The organization's policy as prefetched: parsed here when it inherits nothing; an `_extends`
 * chain is Probot's to follow (orgDefaults).
 */
function prefetchedOrgDefaults(
  context: AnyContext,
  text: string | null,
): Promise<PolicyResult> | PolicyResult {
  if (text === null) return validatePolicyObject(null, DEFAULT_POLICY_PATH);
  const parsed = parseYamlSafe({
    file: DEFAULT_POLICY_PATH,
    text,
    maxBytes: LIMITS.maxPolicyBytes,
    gate: "policy",
    code: "policy.invalid",
  });
  if (parsed.findings.length === 0 && isRecord(parsed.value) && "_extends" in parsed.value)
    return orgDefaults(context);
  const { owner } = context.repo();
  if (parsed.findings.length > 0)
    return unreadable(
      `the organization's policy (${owner}/.github) could not be read: ${parsed.findings[0]?.message ?? ""}`,
    );
  return orgFindings(owner, validatePolicyObject(parsed.value ?? null, DEFAULT_POLICY_PATH));
}

/**
 * Policies parsed before, by their text: every event of a repository reads the same file of the
 * default branch, and parsing it (twice: the safe loader, then the schema) was a measurable part
 * of each event's CPU. A policy that inherits is not kept (its chain lives in other files). The
 * result is read, never changed, by the evaluation. Bounded: the oldest goes first.
 */
const kept = new Map<string, PolicyResult>();
const MAX_KEPT = 64;

function remember(text: string, result: PolicyResult): PolicyResult {
  if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value ?? "");
  kept.set(text, result);
  return result;
}

/**
 * No policy in the repository: Probot's convention is the organization's `.github` repository,
 * `.github/modelgate.yml`, with its own `_extends` chain. Asked directly, so the repository's
 * missing file is not asked for twice.
 */
async function orgDefaults(context: AnyContext): Promise<PolicyResult> {
  const { owner, repo } = context.repo();
  if (repo === ".github") return validatePolicyObject(null, DEFAULT_POLICY_PATH);
  let value: unknown;
  try {
    const { config, files } = await context.octokit.config.get({
      owner,
      repo: ".github",
      path: DEFAULT_POLICY_PATH,
      defaults: (configs: Record<string, unknown>[]) =>
        configs.reduce<Record<string, unknown>>((acc, c) => mergeReplacingLists(acc, c), {}),
    });
    value = files.some((f) => f.config !== null) ? config : null;
  } catch (err) {
    if (typeof (err as { status?: unknown }).status === "number") throw err;
    return unreadable(`the organization's policy (${owner}/.github) could not be read: ${firstLine(err)}`);
  }
  return orgFindings(owner, validatePolicyObject(value, DEFAULT_POLICY_PATH));
}

/** The file is in another repository: no annotation can point into it, the message names it. */
function orgFindings(owner: string, result: PolicyResult): PolicyResult {
  const where = `${owner}/.github: ${DEFAULT_POLICY_PATH}`;
  return {
    ...result,
    findings: result.findings.map((f) => ({
      ...f,
      file: null,
      line: null,
      message: `${where}: ${f.message}`,
    })),
  };
}

/** Objects merge key by key; lists and values of the later one replace (Probot concatenates lists). */
function mergeReplacingLists(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over))
    out[k] = isRecord(v) && isRecord(out[k]) ? mergeReplacingLists(out[k], v) : v;
  return out;
}

async function resolveWithProbot(
  context: AnyContext,
  lineOf: ((path: ReadonlyArray<PropertyKey>) => number | null) | undefined,
): Promise<PolicyResult> {
  let value: unknown;
  try {
    value = await context.config("modelgate.yml", undefined, {
      arrayMerge: (_target: unknown[], source: unknown[]) => source,
    });
  } catch (err) {
    // An inherited file that does not parse is the policy's fault; an API failure is not.
    if (typeof (err as { status?: unknown }).status === "number") throw err;
    return unreadable(`the policy could not be read: ${firstLine(err)}`);
  }
  return validatePolicyObject(value, DEFAULT_POLICY_PATH, lineOf);
}

/** The raw text of the repository's own policy on its default branch; null when there is none. */
async function readOwnPolicy(context: AnyContext): Promise<string | null> {
  try {
    const res = await context.octokit.rest.repos.getContent({
      ...context.repo(),
      path: DEFAULT_POLICY_PATH,
      mediaType: { format: "raw" },
    });
    return typeof res.data === "string" ? res.data : String(res.data);
  } catch (err) {
    if ((err as { status?: number }).status === 404) return null;
    throw err;
  }
}

function unreadable(message: string): PolicyResult {
  const finding: Finding = {
    gate: "policy",
    code: "policy.invalid",
    severity: "error",
    model: null,
    file: DEFAULT_POLICY_PATH,
    line: null,
    message,
  };
  return { policy: null, findings: [finding] };
}

const firstLine = (err: unknown): string =>
  err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err);
