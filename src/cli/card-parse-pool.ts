import os from "node:os";
import { Worker } from "node:worker_threads";
import { type CardParser, parseModelCard } from "../core/parse/parse-model-card.ts";
import type { ModelCard, Parsed, ReadResult, RepoSnapshot } from "../core/types.ts";
import type { CardBatch, ParsedBatch, ParsedCard } from "./card-parse-worker.ts";
import type { TextWatcher } from "./folder-snapshot.ts";

export interface CardParsePoolOptions {
  /** Worker threads; 0 parses every card in the main thread, as the App does. */
  threads: number;
  /** The repository's name, as evaluatePr is given it: a root card without a name is named after it. */
  repository: string | undefined;
  /** The paths the engine reads as cards (the policy's `paths.model_cards`). */
  isCardPath: (path: string) => boolean;
  /** Fewer card texts than this are parsed in the main thread (default MIN_CARDS). */
  minCards?: number;
  /** The worker's compiled script; by default card-parse-worker.js beside this module. */
  workerUrl?: URL;
  /** A thread with work that has not answered for this long is ended (default STALL_MS). */
  stallMs?: number;
  /** Where a thread that fails is reported (its cards are then parsed in the main thread). */
  warn: (message: string) => void;
}

/** Cards per message: fewer messages, and a thread never waits long for its next batch. */
const BATCH_CARDS = 16;
/** Batches sent ahead to each thread: enough to keep it busy, not the repository's texts all at once. */
const BATCHES_AHEAD = 4;
/**
 * Each thread's first thousand or so cards are slow (its own JIT warms up: about 1.5 s of CPU):
 * below this many cards the main thread alone is as fast, for half the CPU.
 */
const MIN_CARDS = 1000;
const YOUNG_GENERATION_MB = 8;
const STALL_MS = 60_000;

interface Batch {
  id: number;
  cards: Array<[string, string]>;
  done: () => void;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Batch>;
  dead: boolean;
  /** Ends a thread that has work and has not answered for `stallMs`. */
  watchdog: NodeJS.Timeout | null;
}

/** The thread's card with its section texts cut from `text` again; null when a cut does not fit. */
function uncut(parsed: ParsedCard, text: string): Parsed<ModelCard> | null {
  const sections = parsed.card?.value?.sections;
  if (!Array.isArray(parsed.cuts) || sections === undefined) return null;
  for (const [i, start, end] of parsed.cuts) {
    const section = sections[i];
    if (section === undefined || !(start >= 0 && start <= end && end <= text.length)) return null;
    section.text = text.slice(start, end);
  }
  return parsed.card;
}

/**
 * Threads for the pool: `MODELGATE_CARD_THREADS` when set (0 turns the pool off), else one per
 * core up to 4 when there are two cores or more. From TypeScript source (tests, tsx) there is no
 * compiled worker to start: 0.
 */
export function cardThreads(env: NodeJS.ProcessEnv = process.env): number {
  const set = env.MODELGATE_CARD_THREADS;
  if (set !== undefined && /^\d+$/.test(set.trim())) return Math.min(Number(set.trim()), 16);
  if (!import.meta.url.endsWith(".js")) return 0;
  const cores = os.availableParallelism();
  return cores > 1 ? Math.min(cores, 4) : 0;
}

/**
 * Parses the card texts of a `read` in worker threads while the main thread waits for them, for
 * `modelgate check` over a whole repository (30,000 cards: the YAML of their front matter is half
 * the CPU). Each thread runs parseModelCard on the text the main thread read, so `parseCard` gives
 * what parseModelCard gives; a card no thread parsed (a thread failed, a card read later, another
 * text) is parsed in the main thread. Threads do not keep the process alive when idle; close()
 * ends them.
 */
export class CardParsePool {
  readonly #opts: CardParsePoolOptions;
  #slots: Slot[] | null = null;
  readonly #queue: Batch[] = [];
  /** Parsed cards by path, with the text each was parsed from; taken once. */
  readonly #parsed = new Map<string, Array<{ text: string; card: Parsed<ModelCard> }>>();
  /** The last text of each path given to the threads (or waiting for them), so that a read does not give it again. */
  readonly #offered = new Map<string, string>();
  /** Texts offered before there were enough to start threads for. */
  readonly #waiting: Array<[string, string]> = [];
  /** The batch being filled. */
  readonly #filling: Array<[string, string]> = [];
  /** Batches sent and not answered yet. */
  readonly #outstanding = new Set<Promise<void>>();
  #nextBatch = 0;
  #taken = 0;
  #broken = false;
  #closing = false;

  constructor(opts: CardParsePoolOptions) {
    this.#opts = opts;
  }

  /** The same snapshot, whose reads come back once the card texts they brought are parsed. */
  wrap(snapshot: RepoSnapshot): RepoSnapshot {
    const wrapped: RepoSnapshot = {
      changedFiles: () => snapshot.changedFiles(),
      read: async (request) => {
        const result = await snapshot.read(request);
        await this.#parseCardsOf(result);
        return result;
      },
    };
    const listAll = snapshot.listAll?.bind(snapshot);
    if (listAll) wrapped.listAll = listAll;
    return wrapped;
  }

  /** parseModelCard, from a thread's parse of the same text when there is one. */
  readonly parseCard: CardParser = (file, text, repository) => {
    const entries = this.#parsed.get(file);
    if (entries !== undefined && repository === this.#opts.repository) {
      const i = entries.findIndex((e) => e.text === text);
      const hit = i < 0 ? undefined : entries[i];
      if (hit !== undefined) {
        entries.splice(i, 1);
        if (entries.length === 0) this.#parsed.delete(file);
        this.#taken++;
        return hit.card;
      }
    }
    return parseModelCard(file, text, repository);
  };

  /** How many cards parseCard gave from a thread's parse (the rest it parsed itself). */
  get parsedInThreads(): number {
    return this.#taken;
  }

  async close(): Promise<void> {
    this.#closing = true;
    const slots = this.#slots ?? [];
    // Nothing waits on a batch once the pool is closed: each is left to the main thread.
    for (const slot of slots) {
      if (slot.watchdog !== null) clearTimeout(slot.watchdog);
      for (const batch of slot.inFlight.values()) batch.done();
    }
    for (const batch of this.#queue.splice(0)) batch.done();
    this.#slots = [];
    this.#parsed.clear();
    this.#offered.clear();
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
  }

  /**
   * For a folder's walk (FolderSide.watch): each card text is parsed as soon as the walk has read
   * it, while the walk goes on, rather than once the engine reads it.
   */
  readonly watcher: TextWatcher = {
    wants: (rel) => this.#usable() && this.#opts.isCardPath(rel),
    text: (rel, text) => this.#offer(rel, text),
  };

  /** Parses the card texts a read brought that no thread has been given yet; back when all are parsed. */
  async #parseCardsOf(result: ReadResult): Promise<void> {
    if (!this.#usable()) return;
    for (const [key, content] of result.files) {
      if (content.kind !== "text") continue;
      const path = key.slice(key.indexOf(":") + 1);
      if (this.#offered.get(path) !== content.text && this.#opts.isCardPath(path))
        this.#offer(path, content.text);
    }
    this.#send();
    await Promise.all(this.#outstanding);
  }

  #usable(): boolean {
    return !this.#broken && !this.#closing && this.#opts.threads > 0;
  }

  /** A card text to parse: held until there are enough to start the threads for, then batched. */
  #offer(path: string, text: string): void {
    if (!this.#usable()) return;
    this.#offered.set(path, text);
    if (this.#slots === null) {
      this.#waiting.push([path, text]);
      if (this.#waiting.length < (this.#opts.minCards ?? MIN_CARDS)) return;
      this.#start();
      for (const card of this.#waiting.splice(0)) this.#add(card);
      return;
    }
    this.#add([path, text]);
  }

  #add(card: [string, string]): void {
    this.#filling.push(card);
    if (this.#filling.length >= BATCH_CARDS) this.#send();
  }

  /** Queues the batch being filled and hands out work. */
  #send(): void {
    if (this.#filling.length > 0) {
      const cards = this.#filling.splice(0);
      const parsed = new Promise<void>((done) => this.#queue.push({ id: this.#nextBatch++, cards, done }));
      this.#outstanding.add(parsed);
      parsed.then(() => this.#outstanding.delete(parsed));
    }
    for (const slot of this.#slots ?? []) this.#pump(slot);
    if (this.#slots !== null) this.#drainIfNoThread();
  }

  #start(): Slot[] {
    if (this.#slots !== null) return this.#slots;
    const url = this.#opts.workerUrl ?? new URL("./card-parse-worker.js", import.meta.url);
    this.#slots = [];
    for (let i = 0; i < this.#opts.threads; i++) {
      let worker: Worker;
      try {
        worker = new Worker(url, {
          workerData: this.#opts.repository ?? null,
          // A card's parse is garbage once its batch is answered: a young generation of 8 MB
          // (V8's default grows to 48) takes 30 MB less a thread, for no more CPU per card.
          resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
        });
      } catch (err) {
        this.#warn(`cannot start a card-parsing thread (${String(err)})`);
        break;
      }
      const slot: Slot = { worker, inFlight: new Map(), dead: false, watchdog: null };
      worker.unref();
      worker.on("message", (m: ParsedBatch) => this.#answered(slot, m));
      worker.on("error", (err) => this.#lose(slot, err instanceof Error ? err.message : String(err)));
      worker.on("messageerror", (err) => this.#lose(slot, `an answer could not be read (${err.message})`));
      worker.on("exit", (code) => this.#lose(slot, `it exited with code ${code}`));
      this.#slots.push(slot);
    }
    return this.#slots;
  }

  #pump(slot: Slot): void {
    while (!slot.dead && slot.inFlight.size < BATCHES_AHEAD) {
      const batch = this.#queue.shift();
      if (batch === undefined) break;
      slot.inFlight.set(batch.id, batch);
      // A thread with work keeps the process alive; an idle one does not.
      slot.worker.ref();
      this.#watch(slot);
      try {
        slot.worker.postMessage({ batch: batch.id, cards: batch.cards } satisfies CardBatch);
      } catch (err) {
        this.#lose(slot, `a batch could not be sent (${String(err)})`);
      }
    }
  }

  #answered(slot: Slot, m: ParsedBatch): void {
    const batch = slot.inFlight.get(m?.batch);
    if (batch === undefined || slot.dead) return;
    slot.inFlight.delete(batch.id);
    if (Array.isArray(m.parsed) && m.parsed.length === batch.cards.length) {
      m.parsed.forEach((parsed, i) => {
        const [path, text] = batch.cards[i] ?? [];
        const card = parsed === null || text === undefined ? null : uncut(parsed, text);
        if (card !== null && path !== undefined && text !== undefined) this.#keep(path, text, card);
      });
    }
    batch.done();
    this.#pump(slot);
    this.#watch(slot);
    if (slot.inFlight.size === 0) slot.worker.unref();
  }

  /** (Re)starts the slot's watchdog while it has work; a parse never takes a minute (1 MiB at most). */
  #watch(slot: Slot): void {
    if (slot.watchdog !== null) clearTimeout(slot.watchdog);
    slot.watchdog = null;
    if (slot.dead || slot.inFlight.size === 0) return;
    const ms = this.#opts.stallMs ?? STALL_MS;
    slot.watchdog = setTimeout(() => this.#lose(slot, `no answer in ${ms / 1000} s`), ms);
    slot.watchdog.unref();
  }

  #keep(path: string, text: string, card: Parsed<ModelCard>): void {
    const entries = this.#parsed.get(path);
    if (entries === undefined) this.#parsed.set(path, [{ text, card }]);
    else entries.push({ text, card });
  }

  /** A thread that failed: its batches are parsed in the main thread, the others go on. */
  #lose(slot: Slot, why: string): void {
    if (slot.dead || this.#closing) return;
    slot.dead = true;
    if (slot.watchdog !== null) clearTimeout(slot.watchdog);
    this.#warn(`a card-parsing thread stopped (${why}); its cards are parsed in the main thread`);
    for (const batch of slot.inFlight.values()) batch.done();
    slot.inFlight.clear();
    slot.worker.terminate().catch(() => 0);
    this.#drainIfNoThread();
    for (const other of this.#slots ?? []) this.#pump(other);
  }

  /** With no thread left, queued batches are left to the main thread. */
  #drainIfNoThread(): void {
    if ((this.#slots ?? []).some((s) => !s.dead)) return;
    this.#broken = true;
    for (const batch of this.#queue.splice(0)) batch.done();
  }

  #warn(message: string): void {
    this.#opts.warn(`modelgate: ${message}\n`);
  }
}
