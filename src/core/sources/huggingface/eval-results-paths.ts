import { dirOf } from "../source.ts";

/** The folder of a Hugging Face model repository's evaluation results (SPEC §1.4). */
const EVAL_RESULTS_DIR = ".eval_results";
const EVAL_RESULT = /(?:^|\/)\.eval_results\/[^/]+\.yaml$/;

/** `.eval_results/*.yaml` directly in that folder: the files the Hub reads. */
export const isEvalResultPath = (path: string): boolean => EVAL_RESULT.test(path);

/** The `.eval_results` folder beside a card. */
export function evalResultsDirOf(cardPath: string): string {
  const dir = dirOf(cardPath);
  return dir === "" ? EVAL_RESULTS_DIR : `${dir}/${EVAL_RESULTS_DIR}`;
}

/** The card an evaluation result belongs to (the README.md beside its folder), or null for another file. */
export function cardOfEvalResult(path: string): string | null {
  if (!isEvalResultPath(path)) return null;
  const dir = dirOf(dirOf(path));
  return dir === "" ? "README.md" : `${dir}/README.md`;
}
