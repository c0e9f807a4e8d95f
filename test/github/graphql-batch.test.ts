import { parse, visit } from "graphql";
import { describe, expect, it } from "vitest";
import type { ReadRequest } from "../../src/core/types.ts";
import { buildBatchQueries, MAX_ALIASES } from "../../src/github/graphql-batch.ts";

const SHAS = { base: "b".repeat(40), head: "h".repeat(40) };

const aliasesOf = (query: string): number => {
  let n = 0;
  visit(parse(query), {
    Field(node) {
      if (node.alias) n++;
    },
  });
  return n;
};

/** `count` models under models/, each a card and a manifest at base and its folder at head. */
function modelsRequest(count: number): ReadRequest {
  const files: Array<{ side: "base" | "head"; path: string }> = [];
  const dirs: Array<{ side: "base" | "head"; path: string; contents?: boolean }> = [];
  for (let i = 0; i < count; i++) {
    files.push(
      { side: "base", path: `models/m${i}/MODEL_CARD.md` },
      { side: "base", path: `models/m${i}/experiment.yaml` },
    );
    files.push({ side: "head", path: `models/m${i}/MODEL_CARD.md` });
    dirs.push({ side: "head", path: `models/m${i}`, contents: true });
  }
  return { files, dirs };
}

// SPEC §6: at most 50 aliases a query.
describe("buildBatchQueries", () => {
  it.each([
    { count: 1, queries: [3] }, // two base files, one head folder (its card comes with it)
    { count: 10, queries: [30] },
    { count: 25, queries: [50] }, // 75 aliases file by file, so the base files share their folder's: 50
    { count: 50, queries: [50, 50] },
  ])("$count models: queries of $queries aliases", ({ count, queries }) => {
    const built = buildBatchQueries(modelsRequest(count), SHAS);
    expect(built.map((q) => q.aliases)).toEqual(queries);
    for (const q of built) expect(aliasesOf(q.query)).toBe(q.aliases);
    for (const q of built) expect(q.aliases).toBeLessThanOrEqual(MAX_ALIASES);
  });

  it("paths travel as variables, never in the query text", () => {
    const [q] = buildBatchQueries({ files: [{ side: "head", path: 'evil") { x } #' }], dirs: [] }, SHAS);
    expect(q?.query).not.toContain("evil");
    expect(Object.values(q?.variables ?? {})).toContain(`${SHAS.head}:evil") { x } #`);
  });

  it("a file read through its folder's alias decodes as if read alone; a file the folder lacks is missing", () => {
    const built = buildBatchQueries(modelsRequest(25), SHAS);
    const folderQuery = built.find((q) => Object.values(q.variables).includes(`${SHAS.base}:models/m24`));
    if (!folderQuery) throw new Error("no query reads models/m24 at base");
    const alias =
      Object.entries(folderQuery.variables).find(([, v]) => v === `${SHAS.base}:models/m24`)?.[0] ?? "";
    const blob = (text: string) => ({ byteSize: text.length, isBinary: false, isTruncated: false, text });
    const decoded = folderQuery.decode({
      [alias]: { entries: [{ name: "MODEL_CARD.md", type: "blob", object: blob("card") }] },
    });
    expect(decoded.files.get("base:models/m24/MODEL_CARD.md")).toEqual({ kind: "text", text: "card" });
    expect(decoded.files.has("base:models/m24/experiment.yaml")).toBe(false); // the engine records it missing
  });
});
