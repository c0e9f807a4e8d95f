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
  parsed: Array<ParsedCard | null>;
}

/**
 * A card's parse, less the section texts that are a stretch of the card's own text: those are
 * sent as [section index, start, end] and cut from the main thread's text, which it keeps anyway
 * (a cut of a string shares its characters in V8; a copy would not). A card's sections hold its
 * body two or three times over (a section's text includes its sub-sections'): 30,000 cards'
 * sections were 180 MB of the check's memory.
 */
export interface ParsedCard {
  card: Parsed<ModelCard>;
  cuts: Array<[number, number, number]>;
}

/** Shorter texts are sent as they are: a cut costs about as much as the characters. */
const MIN_CUT = 64;

/**
 * A thread of the CLI's card-parsing pool (card-parse-pool.ts): parseModelCard, the same function
 * the main thread would run, on the texts the main thread read. workerData is the repository name.
 */
const port = parentPort;
if (port !== null) {
  const repository = typeof workerData === "string" ? workerData : undefined;
  port.on("message", ({ batch, cards }: CardBatch) => {
    const parsed = cards.map(([file, text]): ParsedCard | null => {
      try {
        return withCuts(parseModelCard(file, text, repository), text);
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

function withCuts(card: Parsed<ModelCard>, text: string): ParsedCard {
  const cuts: ParsedCard["cuts"] = [];
  card.value?.sections.forEach((section, i) => {
    if (section.text.length < MIN_CUT) return;
    const start = text.indexOf(section.text);
    if (start < 0) return;
    cuts.push([i, start, start + section.text.length]);
    section.text = "";
  });
  return { card, cuts };
}

function copyable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}
