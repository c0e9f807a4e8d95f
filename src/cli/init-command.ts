import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import picomatch from "picomatch";
import { DEFAULT_POLICY_PATH } from "../core/evaluate-pr.ts";
import { parseModelCard } from "../core/parse/parse-model-card.ts";
import { Policy } from "../core/policy/schema.ts";
import { isReadme } from "../core/sources/cards/card-files.ts";
import { isHuggingFaceCard } from "../core/sources/huggingface/is-hugging-face-card.ts";
import { cardTemplate, modelNameFrom } from "./card-template.ts";
import type { CliIo } from "./cli-io.ts";
import { EXIT } from "./exit-codes.ts";
import { parseFlags } from "./parse-flags.ts";
import { readRegularFile } from "./read-regular-file.ts";
import { starterPolicy } from "./starter-policy.ts";
import { COMMAND_USAGE } from "./usage.ts";

const CARD_FILE = "MODEL_CARD.md";
/** Enough to find a card in any real repository, and a bound on a huge one. */
const MAX_ENTRIES = 200_000;
const SKIP_DIRS = new Set([".git", "node_modules", ".dvc", ".venv", "venv", "__pycache__"]);

/** `modelgate init [--force]`: a starter policy and, when there is no card yet, a card template. */
export async function initCommand(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseFlags("init", argv, { force: { type: "boolean" } });
  if (parsed.help) {
    io.stdout(COMMAND_USAGE.init);
    return EXIT.ok;
  }
  const force = parsed.flags.force === true;
  const defaults = Policy.parse({});
  let refused = false;

  const policyFile = path.join(io.cwd, ...DEFAULT_POLICY_PATH.split("/"));
  await mkdir(path.dirname(policyFile), { recursive: true });
  if (await write(policyFile, starterPolicy(), force))
    io.stdout(`wrote ${DEFAULT_POLICY_PATH}: the policy, every key with its default and what it does\n`);
  else {
    refused = true;
    io.stderr(`modelgate: ${DEFAULT_POLICY_PATH} exists; not overwritten (--force overwrites it)\n`);
  }

  const existing = await findCard(io.cwd, defaults.paths.model_cards, defaults.paths.ignore);
  if (existing !== null) io.stdout(`a model card exists (${existing}): no template written\n`);
  else {
    const card = cardTemplate(modelNameFrom(path.basename(io.cwd)), defaults.gates.documentation);
    await write(path.join(io.cwd, CARD_FILE), card, false);
    io.stdout(`wrote ${CARD_FILE}: a model card template; fill in its front matter and sections\n`);
  }
  if (refused) return EXIT.usage;
  io.stdout("next: `modelgate check` reports what the gates ask for; then commit both files\n");
  return EXIT.ok;
}

/** Writes unless the file exists (and `force` is off); `wx` so that a file made meanwhile is kept. */
async function write(file: string, text: string, force: boolean): Promise<boolean> {
  try {
    await writeFile(file, text, { flag: force ? "w" : "wx" });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new Error(`cannot write ${file}: ${(err as Error).message}`);
  }
}

/** The first file matching the card globs, breadth first (a card at the root is found first). */
async function findCard(root: string, globs: string[], ignore: string[]): Promise<string | null> {
  const isCard = picomatch(globs, { dot: true });
  const ignored = ignore.length > 0 ? picomatch(ignore, { dot: true }) : () => false;
  const queue = [""];
  let seen = 0;
  while (queue.length > 0 && seen < MAX_ENTRIES) {
    const rel = queue.shift() as string;
    const entries = await readdir(path.join(root, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      seen++;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) queue.push(child);
      else if (e.isFile() && isCard(child) && !ignored(child) && (await isModelCard(root, child)))
        return child;
    }
  }
  return null;
}

/** A README.md is a card only when its front matter says so (SPEC §1.1); other globs by name. */
async function isModelCard(root: string, rel: string): Promise<boolean> {
  if (!isReadme(rel)) return true;
  const content = await readRegularFile(path.join(root, ...rel.split("/")));
  if (content.kind !== "text") return false;
  return isHuggingFaceCard(content.text, parseModelCard(rel, content.text).value?.fields ?? null);
}
