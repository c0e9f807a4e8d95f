import { isReadme } from "../cards/card-files.ts";
import { cardSource } from "../cards/card-source.ts";
import { askFile, dirOf, type Source } from "../source.ts";
import { cardOfEvalResult, evalResultsDirOf, isEvalResultPath } from "./eval-results-paths.ts";
import { withEvalResults } from "./with-eval-results.ts";

/**
 * Hugging Face model cards: a README.md whose front matter says it is one (SPEC §1.1, §1.4), with
 * the `.eval_results/*.yaml` beside it as more of its metrics. The folder is listed (with its
 * files, where the backend can) at head and at base in the same batch as the card is read.
 */
export const huggingfaceSource = (): Source =>
  cardSource({
    name: "huggingface",
    accepts: isReadme,
    ownsManifests: false,
    needFor: (view, cardPath, need) => {
      const head = evalResultsDirOf(cardPath);
      const base = evalResultsDirOf(view.basePathOf(cardPath));
      need.dirs.push(
        { side: "head", path: head, contents: true },
        { side: "base", path: base, contents: true },
      );
      for (const p of view.listed("head", head) ?? []) if (isEvalResultPath(p)) askFile(view, need, p);
      for (const p of view.listed("base", base) ?? [])
        if (isEvalResultPath(p) && view.content("base", p) === undefined)
          need.files.push({ side: "base", path: p });
    },
    // A PR that only adds, edits or removes an evaluation result: its card is asked for at once.
    needEachRound: (view, need) => {
      for (const f of view.changed) {
        const card = cardOfEvalResult(f.path);
        if (card === null || !view.isCard(card)) continue;
        if (view.content("head", card) === undefined) askFile(view, need, card);
        const dir = dirOf(f.path);
        need.dirs.push(
          { side: "head", path: dir, contents: true },
          { side: "base", path: dir, contents: true },
        );
      }
    },
    touchedBy: (view) =>
      view.changed
        .flatMap((f) => [f.path, f.previousPath ?? f.path])
        .flatMap((p) => {
          const card = cardOfEvalResult(p);
          return card !== null && view.isCard(card) ? [card] : [];
        }),
    linksOf: (view, cardPath) =>
      (view.listed("head", evalResultsDirOf(cardPath)) ?? []).filter((p) => isEvalResultPath(p)),
    complete: withEvalResults,
    mustParse: (_view, p) => isEvalResultPath(p),
  });
