import { ProbotOctokit } from "probot";
import { createSimulator, type GitHubSimulator } from "../../src/sim/github-simulator.ts";

/** A client as the App builds it, against the simulator, with retries and throttling off. */
export function octokitFor(sim: GitHubSimulator) {
  return new ProbotOctokit({
    auth: { token: "test-token" },
    baseUrl: sim.apiUrl,
    throttle: { enabled: false },
    retry: { enabled: false },
  });
}

export const OWNER = "acme";
export const REPO = "models";

/** A simulator holding PR #1: `models/a/card.md` modified, `models/b/card.md` added. */
export async function startWithPull(): Promise<{
  sim: GitHubSimulator;
  octokit: ReturnType<typeof octokitFor>;
}> {
  const sim = await createSimulator({ owner: OWNER, repo: REPO });
  const base = { "README.md": "# models\n", "models/a/card.md": "name: a\nversion: 1.0.0\n" };
  sim.repo.commit(base, "main", "base");
  sim.repo.createBranch("update");
  sim.repo.commit(
    { ...base, "models/a/card.md": "name: a\nversion: 1.1.0\n", "models/b/card.md": "name: b\n" },
    "update",
    "head",
  );
  sim.repo.openPullRequest({ head: "update", title: "Bump a", user: "alice" });
  return { sim, octokit: octokitFor(sim) };
}
