import { afterEach, describe, expect, it } from "vitest";
import type { GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { OWNER, REPO, startWithPull } from "./helpers.ts";

let sim: GitHubSimulator;
afterEach(() => sim.close());

const FILES_QUERY = /* GraphQL */ `
  query Files($owner: String!, $name: String!, $head: String!, $base: String!) {
    repository(owner: $owner, name: $name) {
      pullRequest(number: 1) { headRefOid baseRefOid state merged isDraft }
      f0: object(expression: $head) { ...BlobFields }
      f1: object(expression: $base) { ...BlobFields }
      f2: object(expression: "update:weights.bin") { ...BlobFields }
      f3: object(expression: "update:missing.yml") { ...BlobFields }
      dir: object(expression: "update:models") { __typename ... on Tree { entries { name type path } } }
    }
  }
  fragment BlobFields on Blob { __typename oid byteSize text isBinary isTruncated }
`;

describe("graphql", () => {
  it("answers an aliased batch of blobs at head and base, with trees and nulls", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const pull = sim.repo.pull(1);
    sim.pushCommit(1, { "weights.bin": { bytes: 5_000_000 } });
    const data = await started.octokit.graphql<Record<string, Record<string, unknown>>>(FILES_QUERY, {
      owner: OWNER,
      name: REPO,
      head: `${pull.head.sha}:models/a/card.md`,
      base: `${pull.base.sha}:models/a/card.md`,
    });
    const repository = data.repository ?? {};
    expect(repository.pullRequest).toEqual({
      headRefOid: pull.head.sha,
      baseRefOid: pull.base.sha,
      state: "OPEN",
      merged: false,
      isDraft: false,
    });
    expect(repository.f0).toMatchObject({
      __typename: "Blob",
      text: "name: a\nversion: 1.1.0\n",
      byteSize: 23,
      isBinary: false,
    });
    expect(repository.f1).toMatchObject({ text: "name: a\nversion: 1.0.0\n" });
    expect(repository.f2).toMatchObject({
      byteSize: 5_000_000,
      text: null,
      isBinary: true,
      isTruncated: true,
    });
    expect(repository.f3).toBeNull();
    expect(repository.dir).toEqual({
      __typename: "Tree",
      entries: [
        { name: "a", type: "tree", path: "models/a" },
        { name: "b", type: "tree", path: "models/b" },
      ],
    });
    const logged = sim.requests.at(-1);
    expect(logged?.path).toBe("/graphql");
    expect(logged?.body).toMatchObject({ variables: { owner: OWNER } });
  });

  it("names the bot without [bot] and pages comments from the end", async () => {
    const started = await startWithPull();
    sim = started.sim;
    sim.addComment(1, "first", "alice");
    sim.addComment(1, "<!-- modelgate -->", sim.state.bot);
    sim.addComment(1, "/status", "bob");
    const data = await started.octokit.graphql<{
      repository: { pullRequest: { comments: { totalCount: number; nodes: unknown[]; pageInfo: unknown } } };
    }>(`{
      repository(owner: "acme", name: "models") {
        pullRequest(number: 1) {
          comments(last: 2) {
            totalCount
            pageInfo { hasPreviousPage hasNextPage }
            nodes { body author { __typename login } }
          }
        }
      }
    }`);
    const { comments } = data.repository.pullRequest;
    expect(comments.totalCount).toBe(3);
    expect(comments.pageInfo).toEqual({ hasPreviousPage: true, hasNextPage: false });
    expect(comments.nodes).toEqual([
      { body: "<!-- modelgate -->", author: { __typename: "Bot", login: "modelgate" } },
      { body: "/status", author: { __typename: "User", login: "bob" } },
    ]);
  });

  it("groups check runs into suites per app, filtered like GitHub", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const headSha = sim.repo.pull(1).head.sha;
    sim.repo.addCheckRun({ name: "modelgate", headSha, conclusion: "success" });
    sim.repo.addCheckRun({ name: "ci", headSha, conclusion: "failure", appId: 42 });
    const data = await started.octokit.graphql<{
      repository: { object: { checkSuites: { nodes: unknown[] } } };
    }>(
      `query($sha: GitObjectID!) {
        repository(owner: "acme", name: "models") {
          object(oid: $sha) {
            ... on Commit {
              checkSuites(first: 10, filterBy: { appId: 1 }) {
                nodes { app { databaseId slug } checkRuns(first: 5, filterBy: { checkName: "modelgate" }) { nodes { name status conclusion } } }
              }
            }
          }
        }
      }`,
      { sha: headSha },
    );
    expect(data.repository.object.checkSuites.nodes).toEqual([
      {
        app: { databaseId: 1, slug: "modelgate" },
        checkRuns: { nodes: [{ name: "modelgate", status: "COMPLETED", conclusion: "SUCCESS" }] },
      },
    ]);
  });

  it("reports an unknown repository as GitHub does: null data and a NOT_FOUND error", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const response = await fetch(`${sim.url}/api/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `{ repository(owner: "acme", name: "nope") { defaultBranchRef { name } } }`,
      }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.data).toEqual({ repository: null });
    expect(body.errors[0]).toMatchObject({ type: "NOT_FOUND", path: ["repository"] });
  });
});
