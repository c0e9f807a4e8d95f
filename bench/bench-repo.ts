import type { GitHubSimulator } from "../src/sim/github-simulator.ts";
import { generateRepo, type RepoShape } from "./generate-model-repo.ts";

/** Small models for the App benchmarks: a realistic card (5 metrics on 4 slices), not the engine's stress case. */
export const APP_MODEL_SHAPE = { metrics: 5, slices: 4 } as const;

/**
 * A simulator repository whose default branch holds `models` generated models, and a way to
 * open PRs on it that retrain some of them. One base for every scenario, so that scenarios
 * differ only in what their PR changes.
 */
export class BenchRepo {
  #branches = 0;

  constructor(
    readonly sim: GitHubSimulator,
    readonly models: number,
  ) {
    const { base } = generateRepo({ ...APP_MODEL_SHAPE, models, changed: 0 });
    sim.repo.commit(base, sim.repo.defaultBranch, "generated models");
  }

  /**
   * Opens a PR whose head retrains the first `changed` models (plus `extraFiles` notes), then
   * pushes one more commit to it (empty, as after a rebase): the head a `pull_request.synchronize`
   * announces, with no check run yet. Returns the PR number and how many files it changes.
   */
  openRetrainPr(changed: number, extraFiles = 0): { number: number; files: number } {
    const shape: RepoShape = { ...APP_MODEL_SHAPE, models: this.models, changed, extraFiles };
    const { head, changedPaths } = generateRepo(shape);
    const branch = `retrain-${++this.#branches}`;
    this.sim.repo.createBranch(branch);
    this.sim.repo.commit(head, branch, "retrain");
    const pull = this.sim.repo.openPullRequest({ head: branch, title: `Retrain ${changed} model(s)` });
    this.sim.pushCommit(pull.number, {});
    return { number: pull.number, files: changedPaths.length };
  }
}
