import { isReadme } from "../cards/card-files.ts";
import { cardSource } from "../cards/card-source.ts";
import type { Source } from "../source.ts";

/** Hugging Face model cards: a README.md whose front matter says it is one (SPEC §1.1, §1.4). */
export const huggingfaceSource = (): Source =>
  cardSource({ name: "huggingface", accepts: isReadme, ownsManifests: false });
