import { isReadme } from "../cards/card-files.ts";
import { cardSource } from "../cards/card-source.ts";
import type { Source } from "../source.ts";

/** modelgate's own cards (MODEL_CARD.md, model-card.yaml, …) and experiment manifests (SPEC §1.1, §1.2). */
export const nativeSource = (): Source =>
  cardSource({ name: "native", accepts: (path) => !isReadme(path), ownsManifests: true });
