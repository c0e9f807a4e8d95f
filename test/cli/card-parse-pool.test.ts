import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import picomatch from "picomatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CardParsePool } from "../../src/cli/card-parse-pool.ts";
import { FolderSide, folderSnapshot } from "../../src/cli/folder-snapshot.ts";
import { evaluatePr } from "../../src/core/evaluate-pr.ts";
import { parseModelCard } from "../../src/core/parse/parse-model-card.ts";
import { Policy } from "../../src/core/policy/schema.ts";
import { memorySnapshot, type Tree } from "../core/engine/memory-snapshot.ts";
import { cardText } from "../core/engine/repo-builders.ts";
import { folderPair, REPO, runCli, STACK_TRACE, tempDir } from "./run-cli.ts";

/**
 * The CLI parses cards in worker threads when a read brings many (card-parse-pool.ts): the
 * report must be the one the main thread's own parse gives, for well-formed, broken and hostile
 * cards alike, and a thread that fails must leave the main thread to parse its cards, with a
 * warning, never a hang or a different report.
 */

/** The compiled worker (vitest's globalSetup builds dist/): source files cannot start a thread. */
const WORKER = pathToFileURL(path.join(REPO, "dist/cli/card-parse-worker.js"));
const HUB_CARD = readFileSync(path.join(REPO, "fixtures/huggingface/hub-model/README.md"), "utf8");

/** Card texts as they come: the Hub's, modelgate's own, and the ways a front matter goes wrong. */
const CARDS: Record<string, string> = {
  hub: HUB_CARD,
  native: cardText({ name: "native" }),
  crlf: HUB_CARD.replace(/\n/g, "\r\n"),
  bom: `\uFEFF${HUB_CARD}`,
  unicode: HUB_CARD.replace("# acme-chat-1b", "# acme-chat-1b — 模型卡 ✓"),
  "broken-yaml": "---\nname: broken\nversion: 1.0.0\nowners: [@acme\n---\n# broken\n",
  unclosed: "---\nlibrary_name: transformers\nname: x\n# never closed\n",
  conflict: "---\nname: c\n<<<<<<< HEAD\nversion: 1.0.0\n=======\nversion: 2.0.0\n>>>>>>> b\n---\n# c\n",
  placeholder: "---\nlibrary_name: transformers\nname: {{ model_name }}\n---\n# t\n",
  proto: "---\n__proto__: { polluted: true }\nconstructor: 1\nlibrary_name: peft\nname: proto\n---\n# p\n",
  duplicate: "---\nlibrary_name: peft\nname: a\nname: b\n---\n# d\n",
  "custom-tag": "---\nlibrary_name: peft\nname: !!binary aGVsbG8=\n---\n# t\n",
  alias: `---\nlibrary_name: peft\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [${Array(10).fill("*a").join(", ")}]\nc: [${Array(10).fill("*b").join(", ")}]\nname: alias\n---\n# a\n`,
  deep: `---\nlibrary_name: peft\nname: ${"[".repeat(80)}${"]".repeat(80)}\n---\n# deep\n`,
  "not-a-mapping": "---\n- library_name\n- peft\n---\n# list\n",
  "no-front-matter": "# Just a README\n\nNothing about a model.\n",
  empty: "",
  "bad-metrics": HUB_CARD.replace("value: 0.874", "value: high").replace("type: accuracy", "type: [a, b]"),
};

/** `count` model folders, each a README.md of one of CARDS in turn (and a pure YAML card now and then). */
function cardTree(count: number): Tree {
  const kinds = Object.entries(CARDS);
  const tree: Tree = {};
  for (let i = 0; i < count; i++) {
    const [kind, text] = kinds[i % kinds.length] ?? ["empty", ""];
    tree[`models/${kind}-${i}/README.md`] = text.replace("acme-chat-1b", `acme-chat-${i}`);
    if (i % 7 === 0)
      tree[`models/${kind}-${i}/model_card.yml`] = `name: yaml-${i}\nversion: 1.0.${i}\nbody: |\n  # y\n`;
  }
  return tree;
}

const policy = Policy.parse({ paths: { model_cards: ["**/README.md", "**/model_card.yml"] } });
const pool = (opts: { workerUrl?: URL; warn?: (m: string) => void; stallMs?: number } = {}) =>
  new CardParsePool({
    threads: 2,
    repository: "acme",
    isCardPath: picomatch([...policy.paths.model_cards], { dot: true }),
    minCards: 1,
    workerUrl: opts.workerUrl ?? WORKER,
    warn: opts.warn ?? (() => {}),
    stallMs: opts.stallMs ?? 60_000,
  });

describe("cards parsed in worker threads", () => {
  it("gives each card exactly what parseModelCard gives", async () => {
    const tree = cardTree(60);
    const p = pool();
    try {
      const snapshot = p.wrap(memorySnapshot({}, tree));
      const files = Object.keys(tree).map((f) => ({ side: "head" as const, path: f }));
      const read = await snapshot.read({ files, dirs: [] });
      for (const [file, text] of Object.entries(tree)) {
        const content = read.files.get(`head:${file}`);
        expect(content?.kind).toBe("text");
        const given = p.parseCard(file, content?.kind === "text" ? content.text : "", "acme");
        expect(given, file).toEqual(parseModelCard(file, text, "acme"));
        expect(JSON.stringify(given)).toBe(JSON.stringify(parseModelCard(file, text, "acme")));
      }
      // Every card came from a thread: the test compares the threads' parse, not the fallback.
      expect(p.parsedInThreads).toBe(Object.keys(tree).length);
      // A key named __proto__ stays a key, as in the main thread's parse.
      const proto = p.parseCard("models/proto-9/README.md", tree["models/proto-9/README.md"] ?? "", "acme");
      expect(Object.keys(proto.value?.fields ?? {})).toContain("__proto__");
    } finally {
      await p.close();
    }
  });

  it("parses in the main thread a text, a repository or a path the threads did not parse", async () => {
    const p = pool();
    try {
      const tree = cardTree(20);
      await p.wrap(memorySnapshot({}, tree)).read({
        files: Object.keys(tree).map((f) => ({ side: "head" as const, path: f })),
        dirs: [],
      });
      const file = "models/hub-0/README.md";
      const other = `${tree[file]}\n## More\n\ntext\n`;
      expect(p.parseCard(file, other, "acme")).toEqual(parseModelCard(file, other, "acme"));
      const root = "README.md";
      expect(p.parseCard(root, HUB_CARD, "elsewhere")).toEqual(parseModelCard(root, HUB_CARD, "elsewhere"));
      expect(p.parsedInThreads).toBe(0);
      // The thread's parse of that path is still there for its own text, once.
      expect(p.parseCard(file, tree[file] ?? "", "acme")).toEqual(
        parseModelCard(file, tree[file] ?? "", "acme"),
      );
      expect(p.parsedInThreads).toBe(1);
    } finally {
      await p.close();
    }
  });

  it("evaluates a repository to the same report as the main thread alone", async () => {
    const tree = cardTree(120);
    const plain = await evaluatePr(memorySnapshot({}, tree), { policy, repository: "acme" });
    const p = pool();
    try {
      const pooled = await evaluatePr(p.wrap(memorySnapshot({}, tree)), {
        policy,
        repository: "acme",
        parseCard: p.parseCard,
      });
      expect(p.parsedInThreads).toBeGreaterThan(100);
      expect(JSON.stringify(pooled)).toBe(JSON.stringify(plain));
      expect(pooled.models.length).toBe(plain.models.length);
      expect(pooled.findings.map((f) => f.code)).toContain("parse.yaml");
    } finally {
      await p.close();
    }
  });
});

describe("cards parsed as the folder walk reads them", () => {
  let pair: Awaited<ReturnType<typeof folderPair>>;
  beforeAll(async () => {
    pair = await folderPair({}, cardTree(80));
  });
  afterAll(async () => pair.remove());

  it("gives the report of the main thread alone, from the threads' parses", async () => {
    const sides = () => [new FolderSide(pair.base), new FolderSide(pair.head)] as const;
    const [base, head] = sides();
    const plain = await evaluatePr(folderSnapshot(base, head), { policy, repository: "acme" });
    const p = pool();
    try {
      const [watchedBase, watchedHead] = sides();
      watchedBase.watch(p.watcher);
      watchedHead.watch(p.watcher);
      const pooled = await evaluatePr(p.wrap(folderSnapshot(watchedBase, watchedHead)), {
        policy,
        repository: "acme",
        parseCard: p.parseCard,
      });
      expect(JSON.stringify(pooled)).toBe(JSON.stringify(plain));
      expect(p.parsedInThreads).toBeGreaterThan(80);
    } finally {
      await p.close();
    }
  });
});

describe("a thread that fails", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir();
  });
  afterAll(async () => dir.remove());

  const failing = async (name: string, script: string) => {
    const file = path.join(dir.dir, name);
    await writeFile(file, script);
    return pathToFileURL(file);
  };

  it.each([
    [
      "exits on its first batch",
      "crash.mjs",
      'import { parentPort } from "node:worker_threads";\nparentPort.on("message", () => process.exit(3));\n',
    ],
    [
      "throws on its first batch",
      "throw.mjs",
      'import { parentPort } from "node:worker_threads";\nparentPort.on("message", () => { throw new Error("boom"); });\n',
    ],
    [
      "answers nonsense",
      "nonsense.mjs",
      'import { parentPort } from "node:worker_threads";\nparentPort.on("message", (m) => parentPort.postMessage({ batch: m.batch, parsed: "no" }));\n',
    ],
    ["does not exist", "missing.mjs", null],
    [
      "never answers",
      "silent.mjs",
      'import { parentPort } from "node:worker_threads";\nparentPort.on("message", () => {});\n',
    ],
  ])("%s: its cards are parsed in the main thread, to the same cards", async (_name, file, script) => {
    const url = script === null ? pathToFileURL(path.join(dir.dir, file)) : await failing(file, script);
    const warnings: string[] = [];
    // A thread that never answers is ended after stallMs (a minute by default).
    const p = pool({ workerUrl: url, warn: (m) => warnings.push(m), stallMs: 1500 });
    const tree = cardTree(40);
    try {
      const read = await p.wrap(memorySnapshot({}, tree)).read({
        files: Object.keys(tree).map((f) => ({ side: "head" as const, path: f })),
        dirs: [],
      });
      expect(read.files.size).toBe(Object.keys(tree).length);
      for (const [f, text] of Object.entries(tree))
        expect(p.parseCard(f, text, "acme")).toEqual(parseModelCard(f, text, "acme"));
      expect(p.parsedInThreads).toBe(0);
      if (file !== "nonsense.mjs") {
        expect(warnings.length).toBeGreaterThan(0);
        expect(warnings.join("")).toMatch(
          /^modelgate: a card-parsing thread stopped \(.+\); its cards are parsed in the main thread\n/,
        );
      }
    } finally {
      await p.close();
    }
  });
});

describe("modelgate check with and without threads", () => {
  let pair: Awaited<ReturnType<typeof folderPair>>;
  beforeAll(async () => {
    // More cards than the pool's threshold (1,000), so that the threads are used.
    pair = await folderPair({}, cardTree(1100));
    await writeFile(
      path.join(pair.root, "policy.yml"),
      'paths: { model_cards: ["**/README.md", "**/model_card.yml"] }\n',
    );
  });
  afterAll(async () => pair.remove());

  it.each([["json"], ["text"]])("--format %s is the same byte for byte", async (format) => {
    const policyFile = path.join(pair.root, "policy.yml");
    const args = [
      "check",
      "--base-dir",
      pair.base,
      "--head-dir",
      pair.head,
      "--policy",
      policyFile,
      "--format",
      format,
    ];
    const env = (threads: string) => ({ ...process.env, MODELGATE_CARD_THREADS: threads });
    const [alone, threaded] = await Promise.all([runCli(args, REPO, env("0")), runCli(args, REPO, env("2"))]);
    expect(alone.code).toBe(1);
    expect(threaded.code).toBe(alone.code);
    expect(threaded.stdout).toBe(alone.stdout);
    expect(threaded.stderr).toBe("");
    expect(threaded.stdout).not.toMatch(STACK_TRACE);
    if (format === "json") {
      const report = JSON.parse(threaded.stdout) as { models: unknown[] };
      // The READMEs the Hugging Face sniff takes for cards, and the YAML cards: well over the threshold.
      expect(report.models.length).toBeGreaterThan(100);
    }
  });
});
