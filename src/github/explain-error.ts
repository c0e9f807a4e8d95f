import { neutralize } from "../core/render/neutralize.ts";

/** What went wrong, in words a repository admin can act on. */
export function explainError(err: unknown): string {
  const status = (err as { status?: number }).status;
  // GitHub's message may echo a path or a value from the PR: it goes into a check run, so inert.
  const message = neutralize(err instanceof Error ? (err.message.split("\n")[0] ?? "") : String(err));
  if (status === 403 && /not accessible by integration/i.test(message)) {
    return "GitHub refused a request: the modelgate App lacks a permission on this repository (“Resource not accessible by integration”). An organization owner should accept the App's requested permissions (checks: write, pull requests: read, contents: read, issues: write, deployments: write, statuses: read, actions: read, members: read) in the installation settings.";
  }
  if (status === 403 || status === 429)
    return `GitHub rate-limited or refused the request (${status}): ${message}. The next push or a re-run will try again.`;
  if (status === 404)
    return `GitHub answered 404 for a request modelgate needed: ${message}. The App may not be installed on this repository any more.`;
  if (status !== undefined && status >= 500)
    return `GitHub had an internal error (${status}): ${message}. Re-run the check to try again.`;
  return `modelgate could not evaluate this pull request: ${message}`;
}
