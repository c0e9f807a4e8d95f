import { ProbotOctokit } from "probot";
import type { GitHubSimulator } from "../../src/sim/github-simulator.ts";

/** A client as the App builds it, against the simulator, with retries and throttling off. */
export function octokitFor(sim: GitHubSimulator) {
  return new ProbotOctokit({
    auth: { token: "test-token" },
    baseUrl: sim.apiUrl,
    throttle: { enabled: false },
    retry: { enabled: false },
  });
}
