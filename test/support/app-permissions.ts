/**
 * The GitHub App permission each REST operation the App uses needs, from GitHub's "Permissions
 * required for GitHub Apps" reference (docs.github.com/rest/authentication/permissions-required-for-github-apps).
 * An operation missing here fails the permission test, so a new endpoint is classified when added.
 * `null`: authenticated as the App itself (JWT), no installation permission.
 */
export type Level = "read" | "write";
export type Need = { permission: string; level: Level } | null;

const read = (permission: string): Need => ({ permission, level: "read" });
const write = (permission: string): Need => ({ permission, level: "write" });

export const OPERATION_PERMISSIONS: Record<string, Need> = {
  "apps/get-authenticated": null,
  "apps/create-installation-access-token": null,
  "apps/list-webhook-deliveries": null,
  "apps/redeliver-webhook-delivery": null,
  "pulls/get": read("pull_requests"),
  "pulls/list": read("pull_requests"),
  "pulls/list-files": read("pull_requests"),
  "repos/list-pull-requests-associated-with-commit": read("pull_requests"),
  "repos/get-content": read("contents"),
  "git/get-tree": read("contents"),
  "repos/get-collaborator-permission-level": read("metadata"),
  "checks/create": write("checks"),
  "checks/update": write("checks"),
  "checks/list-for-ref": read("checks"),
  "repos/list-commit-statuses-for-ref": read("statuses"),
  "repos/get-combined-status-for-ref": read("statuses"),
  "repos/list-deployments": read("deployments"),
  "repos/list-deployment-statuses": read("deployments"),
  "repos/create-deployment": write("deployments"),
  "repos/create-deployment-status": write("deployments"),
  // Comments, reactions and labels of a pull request live on its issue.
  "issues/list-comments": read("issues"),
  "issues/create-comment": write("issues"),
  "issues/update-comment": write("issues"),
  "reactions/create-for-issue-comment": write("issues"),
  "issues/add-labels": write("issues"),
  "issues/remove-label": write("issues"),
  "issues/create-label": write("issues"),
  "actions/get-pending-deployments-for-run": read("actions"),
  "actions/review-custom-gates-for-run": write("deployments"),
  "teams/get-membership-for-user-in-org": read("members"),
};

/** What the App's GraphQL reads touch: files, PRs and their comments, its own check runs. */
export const GRAPHQL_PERMISSIONS: Need[] = [
  read("contents"),
  read("pull_requests"),
  read("issues"),
  read("checks"),
];

/** The higher of two levels. */
export const higher = (a: Level | undefined, b: Level): Level =>
  a === "write" || b === "write" ? "write" : "read";
