import { z } from "zod";
import { Policy } from "./schema.ts";

/** Where the committed schema is published; the `$schema=` line of the docs points here. */
export const POLICY_SCHEMA_URL =
  "https://raw.githubusercontent.com/modelgate/modelgate/main/schema/modelgate.schema.json";

/**
 * The JSON Schema of `.github/modelgate.yml` for editors (yaml-language-server), generated from
 * the zod schema so the two cannot disagree. `io: "input"` because a user writes the input: every
 * defaulted key is optional. Committed as `schema/modelgate.schema.json` (`npm run schema`).
 */
export function policyJsonSchema(): Record<string, unknown> {
  const { $schema, properties, ...rest } = z.toJSONSchema(Policy, { io: "input" });
  return {
    $schema,
    $id: POLICY_SCHEMA_URL,
    title: "modelgate policy",
    ...rest,
    properties: {
      // Probot's config inheritance; resolved before validation, so the zod schema never sees it.
      _extends: {
        type: "string",
        pattern: "^(?:[a-zA-Z\\d](?:[a-zA-Z\\d]|-(?=[a-zA-Z\\d])){0,38}/)?[-_.\\w]+(?::[-_./\\w]+\\.ya?ml)?$",
        description:
          'Inherit from another repository\'s policy: "repo" (same owner), "owner/repo", or "owner/repo:path/to/file.yml". Keys here override it.',
      },
      ...properties,
    },
  };
}
