import type { Policy } from "../policy/schema.ts";
import { dvcSource } from "./dvc/dvc-source.ts";
import { huggingfaceSource } from "./huggingface/huggingface-source.ts";
import { mlflowSource } from "./mlflow/mlflow-source.ts";
import { nativeSource } from "./native/native-source.ts";
import type { Source } from "./source.ts";
import type { SourceName } from "./source-names.ts";

/**
 * Every format modelgate reads, one line each (STYLE "sources/"). Order matters once: a source
 * earlier in the list claims the cards its models use (a DVC model's card beside its path), so
 * the card sources, last, do not make a second model of them.
 */
const REGISTRY: ReadonlyArray<readonly [SourceName, () => Source]> = [
  ["dvc", dvcSource],
  ["mlflow", mlflowSource],
  ["huggingface", huggingfaceSource],
  ["native", nativeSource],
];

/** Fresh instances (a source may keep state for one evaluation) of the formats the policy enables. */
export function enabledSources(policy: Policy): Source[] {
  const on = new Set<string>(policy.paths.sources);
  return REGISTRY.filter(([name]) => on.has(name)).map(([, make]) => make());
}
