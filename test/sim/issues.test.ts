import { afterEach, describe, expect, it } from "vitest";
import type { GitHubSimulator } from "../../src/sim/github-simulator.ts";
import { OWNER, REPO, startWithPull } from "./helpers.ts";

let sim: GitHubSimulator;
afterEach(() => sim.close());

describe("issue comments, reactions and labels", () => {
  it("writes comments as the App's bot and edits them in place", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const { octokit } = started;
    sim.addComment(1, "/promote canary", "alice");
    const created = await octokit.rest.issues.createComment({
      owner: OWNER,
      repo: REPO,
      issue_number: 1,
      body: "hi",
    });
    expect(created.status).toBe(201);
    expect(created.data.user).toMatchObject({ login: "modelgate[bot]", type: "Bot" });
    expect(created.data.performed_via_github_app?.slug).toBe("modelgate");
    sim.advance(60_000);
    const updated = await octokit.rest.issues.updateComment({
      owner: OWNER,
      repo: REPO,
      comment_id: created.data.id,
      body: "hello",
    });
    expect(updated.data.body).toBe("hello");
    expect(Date.parse(updated.data.updated_at) - Date.parse(updated.data.created_at)).toBe(60_000);
    const list = await octokit.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: 1 });
    expect(list.data.map((c) => [c.user?.login, c.body])).toEqual([
      ["alice", "/promote canary"],
      ["modelgate[bot]", "hello"],
    ]);
    const one = await octokit.rest.issues.getComment({
      owner: OWNER,
      repo: REPO,
      comment_id: created.data.id,
    });
    expect(one.data.body).toBe("hello");
  });

  it("adds a reaction once: the repeat answers 200 with the same reaction", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const comment = sim.addComment(1, "/status", "alice");
    const params = { owner: OWNER, repo: REPO, comment_id: comment.id, content: "eyes" as const };
    const first = await started.octokit.rest.reactions.createForIssueComment(params);
    const again = await started.octokit.rest.reactions.createForIssueComment(params);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.data.id).toBe(first.data.id);
    expect(sim.repo.reactions.map((r) => [r.commentId, r.content, r.user.login])).toEqual([
      [comment.id, "eyes", "modelgate[bot]"],
    ]);
  });

  it("adds, lists and removes labels; removing an absent one is a 404", async () => {
    const started = await startWithPull();
    sim = started.sim;
    const { octokit } = started;
    const issue = { owner: OWNER, repo: REPO, issue_number: 1 };
    const created = await octokit.rest.issues.createLabel({
      owner: OWNER,
      repo: REPO,
      name: "modelgate: hold",
    });
    expect(created.status).toBe(201);
    const added = await octokit.rest.issues.addLabels({ ...issue, labels: ["modelgate: hold", "ml"] });
    expect(added.data.map((l) => l.name)).toEqual(["modelgate: hold", "ml"]);
    const pull = await octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 1 });
    expect(pull.data.labels.map((l) => l.name)).toEqual(["modelgate: hold", "ml"]);
    const removed = await octokit.rest.issues.removeLabel({ ...issue, name: "modelgate: hold" });
    expect(removed.data.map((l) => l.name)).toEqual(["ml"]);
    await expect(
      octokit.rest.issues.removeLabel({ ...issue, name: "modelgate: hold" }),
    ).rejects.toMatchObject({
      status: 404,
    });
    const again = octokit.rest.issues.createLabel({ owner: OWNER, repo: REPO, name: "ml" });
    await expect(again).rejects.toMatchObject({ status: 422 });
  });
});
