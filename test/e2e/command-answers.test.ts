import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2E, type RepoWithPull, startE2E } from "./harness.ts";
import { comment, deploymentsOf, openRolloutPr, reactionsOn, replyTo } from "./rollout-harness.ts";

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e.close());

const openPr = (prefix: string, policy: string): Promise<RepoWithPull> =>
  openRolloutPr(e2e.sim, prefix, { policy, people: { dave: ["write"], erin: ["write"] } });

const TEAM_POLICY = "rollout:\n  stages: [{ name: shadow, traffic: 0, approvers: ['@acme/ml-leads'] }]\n";

describe("every command is answered (SPEC §4.3, §4.4)", () => {
  it("403 on team membership: the normal refusal, saying why, with no team pinged and nothing deployed", async () => {
    const { repo } = await openPr("team-403", TEAM_POLICY);
    e2e.sim.addTeamMember("acme/ml-leads", "dave");
    e2e.sim.fail({ method: "GET", path: "/orgs/acme/teams/ml-leads/memberships/dave", status: 403 });
    const c = await comment(e2e.sim, repo, "dave", "/promote");
    expect(c.status).toBe(200);
    const reply = replyTo(repo, c.commentId) ?? "";
    expect(reply).toContain("**Not done:**");
    expect(reply).toContain(
      "shadow is promoted only by its approvers (@\u2060acme/ml-leads); ask one of them.",
    );
    expect(reply).toContain("GitHub refused to tell modelgate who is in @\u2060acme/ml-leads (403)");
    expect(reply).not.toMatch(/@acme/);
    expect(reactionsOn(repo, c.commentId)).toEqual(["eyes"]);
    expect(deploymentsOf(repo)).toEqual([]);

    // Once GitHub answers, the same member promotes.
    const again = await comment(e2e.sim, repo, "dave", "/promote");
    expect(reactionsOn(repo, again.commentId)).toEqual(["eyes", "rocket"]);
    expect(deploymentsOf(repo)).toHaveLength(1);
  });

  it("404 on team membership (not a member, or a team the App cannot see) is the plain refusal", async () => {
    const { repo } = await openPr("team-404", TEAM_POLICY);
    const c = await comment(e2e.sim, repo, "erin", "/promote");
    const reply = replyTo(repo, c.commentId) ?? "";
    expect(reply).toContain(
      "shadow is promoted only by its approvers (@\u2060acme/ml-leads); ask one of them.",
    );
    expect(reply).not.toContain("GitHub refused");
    expect(deploymentsOf(repo)).toEqual([]);
  });

  it("an unexpected exception mid-command (GitHub answers 200 with a body that is no PR): 😕, could not run, nothing deployed", async () => {
    const { repo } = await openPr("answer-bug", "");
    repo.setPermission("alice", "write", "maintain");
    e2e.sim.fail({ method: "GET", path: `/repos/${repo.fullName}/pulls/1`, status: 200, body: {} });
    const c = await comment(e2e.sim, repo, "alice", "/promote");
    expect(c.status).toBe(200);
    expect(replyTo(repo, c.commentId)).toMatch(
      /^> \/promote\n\n😕 could not run `\/promote`: .+ — nothing was deployed\.$/,
    );
    expect(reactionsOn(repo, c.commentId)).toEqual(["eyes", "confused"]);
    expect(deploymentsOf(repo)).toEqual([]);
  });

  it("a reply GitHub refuses: 😕 at once, and the redelivered event replies once", async () => {
    const { repo } = await openPr("answer-reply-502", "");
    e2e.sim.fail({ method: "POST", path: `/repos/${repo.fullName}/issues/1/comments`, status: 502 });
    const c = await comment(e2e.sim, repo, "mallory", "/promote production");
    expect(c.status).toBe(502);
    expect(reactionsOn(repo, c.commentId)).toEqual(["eyes", "confused"]);
    expect(replyTo(repo, c.commentId)).toBeNull();

    const swept = await e2e.app.served?.recovery?.sweepNow();
    expect(swept?.redelivered.map((r) => r.event)).toEqual(["issue_comment"]);
    expect(replyTo(repo, c.commentId)).toContain("@mallory needs maintain permission");
    const replies = [...repo.comments.values()].filter((x) =>
      x.body.includes(`<!-- modelgate:reply ${c.commentId} `),
    );
    expect(replies).toHaveLength(1);
    expect(deploymentsOf(repo)).toEqual([]);
  });

  it("an invalid policy: commands are not run, but each is answered with 😕 and the reason", async () => {
    const { repo } = await openPr("answer-bad-policy", "rollout: { stages: nope }\n");
    const c = await comment(e2e.sim, repo, "alice", "/promote\n/status");
    expect(c.status).toBe(200);
    const reply = replyTo(repo, c.commentId) ?? "";
    expect(reply).toContain(
      "😕 could not run `/promote`: the policy `.github/modelgate.yml` on the default branch is invalid; the modelgate check lists its errors — nothing was deployed.",
    );
    expect(reply).toContain("😕 could not run `/status`: the policy");
    expect(reactionsOn(repo, c.commentId)).toEqual(["eyes", "confused"]);
    expect(deploymentsOf(repo)).toEqual([]);
  });
});
