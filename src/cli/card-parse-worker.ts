import { parentPort, workerData } from "node:worker_threads";
import { parseModelCard } from "../core/parse/parse-model-card.ts";
import type { ModelCard, Parsed } from "../core/types.ts";

/** A batch of cards to parse: [path, text] pairs, answered in the same order. */
export interface CardBatch {
  batch: number;
  cards: Array<[string, string]>;
}

/** Each card's parse, or null where this thread could not give it (the main thread parses that one). */
export interface ParsedBatch {
  batch: number;
  parsed: Array<Parsed<ModelCard> | null>;
}

/**
 * A thread of the CLI's card-parsing pool (card-parse-pool.ts): parseModelCard, the same function
 * the main thread would run, on the texts the main thread read. workerData is the repository name.
 */
const port = parentPort;
if (port !== null) {
  const repository = typeof workerData === "string" ? workerData : undefined;
  port.on("message", ({ batch, cards }: CardBatch) => {
    const parsed = cards.map(([file, text]) => {
      try {
        return parseModelCard(file, text, repository);
      } catch {
        // parseModelCard never throws; if it did, the main thread's own parse says what happened.
        return null;
      }
    });
    try {
      port.postMessage({ batch, parsed } satisfies ParsedBatch);
    } catch {
      // A value that cannot be copied across threads: that card is parsed in the main thread.
      port.postMessage({ batch, parsed: parsed.map((p) => (copyable(p) ? p : null)) } satisfies ParsedBatch);
    }
  });
}

function copyable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}
