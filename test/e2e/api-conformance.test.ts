import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { LoggedRequest } from "../../src/sim/request-log.ts";
import { cardPath, manifest, modelFiles, README } from "../fixtures/model-repo.ts";
import {
  GRAPHQL_PERMISSIONS,
  higher,
  type Level,
  OPERATION_PERMISSIONS,
} from "../support/app-permissions.ts";
import {
  graphqlRequestErrors,
  matchTemplate,
  operationOf,
  restRequestErrors,
} from "../support/github-api-conformance.ts";
import { checkRunsOf, type E2E, repoWithPull, sendPullRequest, startE2E } from "./harness.ts";
import { cdReports, comment, deploymentsOf } from "./rollout-harness.ts";

let e2e: E2E;
/** Every request the App sent in this file's flows, kept across the simulator's resets. */
const sent: LoggedRequest[] = [];
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

/** Runs a flow and keeps what the App sent during it. */
async function flow(run: () => Promise<void>): Promise<void> {
  e2e.sim.reset();
  await run();
  sent.push(...e2e.sim.requests);
}

const base = { ...README, ...modelFiles({ name: "fraud", version: "1.0.0", auc: 0.9 }) };
const head = { ...README, ...modelFiles({ name: "fraud", version: "1.0.1", auc: 0.91 }) };

/**
 * SPEC issue 8 "valid against the real API": the App's main flows run against the simulator
 * (which accepts more than GitHub does), and every request is checked against GitHub's own
 * published descriptions: REST against @octokit/openapi (path, method, query parameters, body
 * fields, required fields, enums), GraphQL against @octokit/graphql-schema (fields, arguments,
 * variables, no deprecated field).
 */
describe("every request the App sends is valid for api.github.com", () => {
  it("runs the main flows", async () => {
    await flow(async () => {
      // Evaluation, rollout commands, a CD status, a hold and its label, a re-run, a protection rule.
      const pr = repoWithPull(e2e.sim, "conform", { base, head });
      pr.repo.setPermission("alice", "write", "maintain");
      pr.repo.setPermission("tom", "read", "triage");
      e2e.sim.protectEnvironment("fraud-shadow", pr.repo);
      expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
      await comment(e2e.sim, pr.repo, "alice", "/promote");
      await cdReports(e2e.sim, pr.repo, deploymentsOf(pr.repo)[0], "success");
      const job = e2e.sim.startDeploymentJob(
        { environment: "fraud-shadow", sha: pr.pull.head.sha, event: "workflow_dispatch" },
        pr.repo,
      );
      await e2e.sim.sendWebhook({ name: "deployment_protection_rule", payload: job.payload });
      await comment(e2e.sim, pr.repo, "tom", "/promote");
      await comment(e2e.sim, pr.repo, "alice", "/status");
      await comment(e2e.sim, pr.repo, "alice", "/help");
      await comment(e2e.sim, pr.repo, "alice", "/hold risky");
      const labels = pr.repo.issueLabels.get(1) ?? [];
      pr.repo.issueLabels.set(
        1,
        labels.filter((l) => !l.toLowerCase().includes("hold")),
      );
      const label = labels.find((l) => l.toLowerCase().includes("hold")) ?? "modelgate: hold";
      await e2e.sim.sendWebhook({
        name: "pull_request",
        payload: e2e.sim.payloads.pullRequest({
          action: "unlabeled",
          number: 1,
          repo: pr.repo,
          sender: "tom",
          label,
        }),
      });
      await comment(e2e.sim, pr.repo, "alice", "/unhold");
      await comment(e2e.sim, pr.repo, "alice", "/rollback");
      const run = checkRunsOf(pr.repo)[0];
      await e2e.sim.sendWebhook({
        name: "check_run",
        payload: e2e.sim.payloads.checkRunRerequested({ checkRunId: run?.id ?? 0, repo: pr.repo }),
      });
      const fresh = { ...base, "notes.txt": "x\n" };
      pr.repo.pushCommit(1, fresh);
      await sendPullRequest(e2e.sim, pr, "synchronize");
    });
    await flow(async () => {
      // A stage whose approvers are a team: the App asks GitHub who is in it.
      const policy = {
        ".github/modelgate.yml":
          "version: 1\nrollout:\n  stages: [{ name: shadow, traffic: 0, approvers: ['@acme/ml-leads'] }]\n",
      };
      const pr = repoWithPull(e2e.sim, "conform-team", {
        base: { ...base, ...policy },
        head: { ...head, ...policy },
      });
      pr.repo.setPermission("dave", "write");
      e2e.sim.addTeamMember("acme/ml-leads", "dave");
      expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
      await comment(e2e.sim, pr.repo, "dave", "/promote");
      expect(deploymentsOf(pr.repo)).toHaveLength(1);
    });
    await flow(async () => {
      // A stage that requires checks: the App reads check runs and the commit's combined status.
      const policy = {
        ".github/modelgate.yml":
          "version: 1\nrollout:\n  stages: [{ name: shadow, traffic: 0, require_checks: [modelgate, ci/build] }]\n",
      };
      const pr = repoWithPull(e2e.sim, "conform-checks", {
        base: { ...base, ...policy },
        head: { ...head, ...policy },
      });
      pr.repo.setPermission("alice", "write", "maintain");
      expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
      await comment(e2e.sim, pr.repo, "alice", "/promote");
    });
    await flow(async () => {
      // A rename (the REST file listing), a 600 KB card (REST raw content), a manifest whose card
      // is elsewhere (the recursive tree).
      const big = `${String(head[cardPath("fraud")])}\n${"padding line of the model card\n".repeat(20_000)}`;
      const pr = repoWithPull(e2e.sim, "conform-files", {
        base: { ...base, "docs/old.md": "same text\n" },
        head: {
          ...head,
          [cardPath("fraud")]: big,
          "docs/new.md": "same text\n",
          "experiments/fraud/experiment.yaml": manifest({ name: "fraud", version: "1.0.1", auc: 0.91 }),
        },
      });
      expect(await sendPullRequest(e2e.sim, pr)).toBe(200);
    });
    const kinds = new Set(sent.map((r) => `${r.method} ${r.path.split("?")[0]?.replace(/\/\d+/g, "/N")}`));
    // The flows reached what they were written for (a flow that silently did nothing proves nothing).
    for (const expected of [
      "POST /graphql",
      "GET /repos/acme/conform-files-4/pulls/N/files",
      "GET /repos/acme/conform-files-4/git/trees/",
      "GET /repos/acme/conform-checks-3/commits/",
      "GET /orgs/acme/teams/ml-leads/memberships/dave",
      "POST /repos/acme/conform-1/deployments",
      "POST /repos/acme/conform-1/check-runs",
      "POST /repos/acme/conform-1/issues/N/comments",
    ])
      expect([...kinds].some((k) => k.startsWith(expected))).toBe(true);
  });

  it("REST: every path, method, query parameter and body as GitHub's OpenAPI description says", () => {
    const rest = sent.filter(
      (r) => r.path !== "/graphql" && !r.path.startsWith("/app/installations/1/access_tokens"),
    );
    expect(rest.length).toBeGreaterThan(20);
    if (process.env.DUMP)
      console.log(
        [
          ...new Set(
            rest.map(
              (r) =>
                `${r.method} ${matchTemplate(r.path.split("?")[0] ?? "")} ${[...new URL(r.path, "http://x").searchParams.keys()].join(",")} ${r.body && typeof r.body === "object" ? Object.keys(r.body).join(",") : ""}`,
            ),
          ),
        ].join("\n"),
      );
    const errors = rest.flatMap((r) => restRequestErrors(r.method, r.path, r.body));
    expect([...new Set(errors)]).toEqual([]);
  });

  // app.yml asks for least privilege: each permission some request needs, at the level it needs,
  // and nothing more (pull requests are only read: comments and labels are the issue's).
  it("app.yml grants exactly the permissions the App's requests need", () => {
    const needed: Record<string, Level> = {};
    const unclassified = new Set<string>();
    for (const r of sent) {
      const needs =
        r.path === "/graphql"
          ? GRAPHQL_PERMISSIONS
          : [OPERATION_PERMISSIONS[operationOf(r.method, r.path) ?? ""]];
      for (const need of needs) {
        if (need === undefined) unclassified.add(`${r.method} ${operationOf(r.method, r.path)}`);
        else if (need !== null) needed[need.permission] = higher(needed[need.permission], need.level);
      }
    }
    expect([...unclassified]).toEqual([]);
    const manifest = parseYaml(readFileSync(new URL("../../app.yml", import.meta.url), "utf8")) as {
      default_permissions: Record<string, string>;
    };
    const granted = { ...manifest.default_permissions };
    needed.metadata = "read"; // every App has it
    expect(Object.fromEntries(Object.entries(granted).sort())).toEqual(
      Object.fromEntries(Object.entries(needed).sort()),
    );
  });

  it("GraphQL: every query validates against GitHub's schema, with no deprecated field", () => {
    const queries = sent.filter((r) => r.path === "/graphql");
    expect(queries.length).toBeGreaterThan(5);
    const errors = queries.flatMap((r) => graphqlRequestErrors(r.body));
    expect([...new Set(errors)]).toEqual([]);
  });
});

// The checker itself: each request below is one GitHub would refuse or ignore.
describe("the conformance checker finds what GitHub would refuse", () => {
  const rows: Array<{ name: string; method: string; path: string; body?: unknown; error: string }> = [
    { name: "an unknown path", method: "GET", path: "/repos/o/r/nonsense", error: "no such path" },
    {
      name: "a method the path lacks",
      method: "DELETE",
      path: "/repos/o/r/check-runs",
      error: "has no DELETE",
    },
    {
      name: "a query parameter the operation does not take (a PR object spread into listDeployments)",
      method: "GET",
      path: "/repos/o/r/deployments?environment=x&number=3",
      error: 'unknown query parameter "number"',
    },
    {
      name: "a required body field missing",
      method: "POST",
      path: "/repos/o/r/check-runs",
      body: { head_sha: "abc" },
      error: "body.name: required, missing",
    },
    {
      name: "an unknown body field",
      method: "POST",
      path: "/repos/o/r/issues/1/comments",
      body: { body: "hi", sticky: true },
      error: "body.sticky: unknown field",
    },
    {
      name: "a value outside an enum",
      method: "POST",
      path: "/repos/o/r/issues/comments/5/reactions",
      body: { content: "party" },
      error: "is not one of",
    },
  ];
  it.each(rows)("$name", ({ method, path, body, error }) => {
    expect(restRequestErrors(method, path, body).join("\n")).toContain(error);
  });

  it("a valid request has no error", () => {
    expect(
      restRequestErrors("POST", "/repos/o/r/check-runs", {
        name: "modelgate",
        head_sha: "abc",
        status: "completed",
        conclusion: "success",
      }),
    ).toEqual([]);
    expect(
      restRequestErrors("GET", "/repos/o/r/contents/.github%2Fmodelgate.yml?ref=main", undefined),
    ).toEqual([]);
  });

  it("GraphQL: a 32-bit id, a deprecated field, an unknown field, a variable of the wrong type", () => {
    const comments = (field: string) =>
      `query q($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { pullRequest(number: 1) { comments(first: 1) { nodes { ${field} } } } } }`;
    expect(
      graphqlRequestErrors({ query: comments("databaseId"), variables: { owner: "o", name: "r" } }).join(),
    ).toContain("IssueComment.databaseId is a 32-bit Int: ask for fullDatabaseId");
    const org = (field: string) => `query q { organization(login: "acme") { ${field} } }`;
    expect(graphqlRequestErrors({ query: org("announcement") }).join()).toContain("deprecated");
    expect(graphqlRequestErrors({ query: org("announcementBanner { message }") })).toEqual([]);
    expect(
      graphqlRequestErrors({ query: comments("fullDatabaseId"), variables: { owner: "o", name: "r" } }),
    ).toEqual([]);
    expect(
      graphqlRequestErrors({
        query: comments("databaseIdentity"),
        variables: { owner: "o", name: "r" },
      }).join(),
    ).toContain("Cannot query field");
    expect(
      graphqlRequestErrors({ query: comments("fullDatabaseId"), variables: { owner: "o", name: 7 } }).join(),
    ).toContain("String cannot represent");
  });
});
