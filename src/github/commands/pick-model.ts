import { neutralize } from "../../core/render/neutralize.ts";
import type { ChangedModel } from "./command-port.ts";

/** The model a command is about: the one the PR changes, or the one `--model` names. */
export function pickModel(models: readonly ChangedModel[], wanted: string | null): ChangedModel | string {
  const names = models.map((m) => neutralize(m.name, { code: "span" })).join(", ");
  if (models.length === 0) return "this PR changes no model card, so there is no model to roll out.";
  if (wanted !== null) {
    const found = models.find((m) => m.name.toLowerCase() === wanted.toLowerCase());
    return (
      found ??
      `this PR changes no model named ${neutralize(wanted, { code: "span", max: 100 })} (it changes ${names}).`
    );
  }
  const [only, ...others] = models;
  if (only !== undefined && others.length === 0) return only;
  return `this PR changes several models (${names}): add \`--model NAME\`.`;
}
