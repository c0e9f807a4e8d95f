import { LIMITS, parseYamlSafe } from "../parse/safe-yaml.ts";
import { type PolicyResult, validatePolicyObject } from "./validate-policy-object.ts";

/**
 * Reads `.github/modelgate.yml` from its text: null (no file) or an empty file means the
 * defaults. Any finding, from the YAML or the schema, makes the policy null: an invalid policy
 * fails the check rather than running with gates the team did not ask for. Never throws.
 */
export function loadPolicy(file: string, text: string | null): PolicyResult {
  if (text === null || text.trim() === "") return validatePolicyObject(null, file);
  const yaml = parseYamlSafe({
    file,
    text,
    maxBytes: LIMITS.maxPolicyBytes,
    gate: "policy",
    code: "policy.invalid",
  });
  if (yaml.findings.length > 0) return { policy: null, findings: yaml.findings };
  return validatePolicyObject(yaml.value, file, yaml.lineOf);
}
