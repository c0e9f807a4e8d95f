import type { Probot } from "probot";

/**
 * The yardstick of SPEC §6: a Probot app that does the least an App gating PRs can do, create
 * one check run per event, with no reads and no evaluation.
 */
export default function bareApp(app: Probot): void {
  app.on("pull_request.synchronize", async (context) => {
    await context.octokit.rest.checks.create(
      context.repo({
        name: "bare",
        head_sha: context.payload.pull_request.head.sha,
        status: "completed",
        conclusion: "success",
        output: { title: "ok", summary: "ok" },
      }),
    );
  });
}
