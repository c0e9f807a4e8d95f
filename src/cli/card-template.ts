import { stringify } from "yaml";
import type { Gates } from "../core/policy/schema.ts";

/** What each section of the default policy asks for, as the template's guidance. */
const GUIDANCE: Record<string, string> = {
  "intended use": "What the model is for, who uses its output, and what it must not be used for.",
  limitations: "Where it does worse: groups, inputs or conditions it was not trained or tested on.",
  "training data": "Which data it was trained on (name and version), how it was collected and cleaned.",
  evaluation: "How it was evaluated: the eval data, the metrics, overall and per slice.",
};

const FIELD_HINTS: Record<string, string> = {
  license: "e.g. apache-2.0, mit, proprietary",
  owners: 'GitHub logins or teams, e.g. ["@acme/ml-team"]',
};

/**
 * The MODEL_CARD.md that `modelgate init` writes when the repository has none: the front matter
 * and the sections the policy requires, each with guidance in an HTML comment. Comments are not
 * content, so until someone writes the sections `modelgate check` names each one that is empty.
 */
export function cardTemplate(name: string, documentation: Gates["documentation"]): string {
  const fields = [
    `name: ${stringify(name).trimEnd()}`,
    "version: 0.1.0",
    ...documentation.required_fields.map((f) => {
      const hint = FIELD_HINTS[f] ? `  # ${FIELD_HINTS[f]}` : "";
      return f === "owners" ? `owners: []${hint}` : `${stringify(f).trimEnd()}:${hint}`;
    }),
    "# experiment: experiment.yaml  # the experiment manifest: code commit, data versions, artifacts",
  ];
  const sections = documentation.required_sections.flatMap((s) => [
    `## ${title(s)}`,
    "",
    `<!-- ${GUIDANCE[s.toLowerCase()] ?? `Describe ${s}.`} -->`,
    "",
  ]);
  return [
    "---",
    ...fields,
    "---",
    "",
    `# ${name}`,
    "",
    "<!-- One paragraph: what this model does, and where its output goes. -->",
    "",
    ...sections,
  ].join("\n");
}

const title = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A model name from a folder name: lower case, letters, digits and dashes. */
export function modelNameFrom(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return name || "my-model";
}
