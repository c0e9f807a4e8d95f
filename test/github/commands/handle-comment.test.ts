import { beforeEach, describe, expect, it } from "vitest";
import { Policy } from "../../../src/core/policy/schema.ts";
import type { CommentEvent } from "../../../src/github/commands/command-context.ts";
import { InProcessLock } from "../../../src/github/commands/environment-lock.ts";
import { handleComment } from "../../../src/github/commands/handle-comment.ts";
import { FakePort, HEAD, pull } from "./fake-port.ts";

const T0 = Date.UTC(2026, 10, 20, 14, 2);
const HOUR = 3_600_000;
let commentId = 1;

function setup(policyInput: unknown = {}) {
  const port = new FakePort();
  port.permissions.set("maint", { permission: "write", roleName: "maintain" });
  port.permissions.set("dev", { permission: "write", roleName: "write" });
  port.permissions.set("custom", { permission: "write", roleName: "ml-release" });
  port.permissions.set("triager", { permission: "read", roleName: "triage" });
  const deps = {
    policy: Policy.parse(policyInput),
    lock: new InProcessLock(),
    botLogin: "modelgate[bot]",
    key: Buffer.alloc(32, 1),
  };
  const say = (login: string, body: string, over: Partial<CommentEvent> = {}) =>
    handleComment(
      port,
      {
        repo: "acme/models",
        pr: 1,
        isPullRequest: true,
        commentId: commentId++,
        body,
        login,
        userType: "User",
        createdAt: T0,
        ...over,
      },
      deps,
    );
  return { port, deps, say };
}

describe("handleComment: what each command does (mutations recorded by the fake)", () => {
  beforeEach(() => {
    commentId = 1;
  });

  it.each<{ name: string; login: string; body: string; mutations: string[]; policy?: unknown }>([
    { name: "plain text", login: "dev", body: "LGTM, ship it", mutations: [] },
    { name: "another bot's command", login: "dev", body: "/assign @bob", mutations: [] },
    {
      name: "promote to the first stage",
      login: "dev",
      body: "/promote",
      mutations: ["react eyes", "deploy fraud-shadow aaaaaaa promote", "react rocket", "refresh #1"],
    },
    {
      name: "promote refused: triage is below write",
      login: "triager",
      body: "/promote shadow",
      mutations: ["react eyes", "reply #1", "refresh #1"],
    },
    {
      name: "production needs maintain: write is refused",
      login: "dev",
      body: "/promote production",
      mutations: ["react eyes", "reply #1", "refresh #1"],
    },
    {
      name: "a custom role counts as its base permission",
      login: "custom",
      body: "/promote shadow",
      mutations: ["react eyes", "deploy fraud-shadow aaaaaaa promote", "react rocket", "refresh #1"],
    },
    {
      name: "hold",
      login: "dev",
      body: "/hold risk review pending",
      mutations: ["react eyes", "record hold", "label +modelgate: hold", "react rocket", "refresh #1"],
    },
    {
      name: "override needs maintain",
      login: "dev",
      body: "/override evaluation accepted",
      mutations: ["react eyes", "reply #1", "refresh #1"],
    },
    {
      name: "override by a maintainer is recorded in the App's records, and said in the reply",
      login: "maint",
      body: "/override evaluation accepted",
      mutations: ["react eyes", "record override evaluation", "reply #1", "react rocket", "refresh #1"],
    },
    { name: "help", login: "triager", body: "/help", mutations: ["react eyes", "reply #1", "react rocket"] },
    {
      name: "status is for anyone",
      login: "stranger",
      body: "/status",
      mutations: ["react eyes", "react rocket", "refresh #1"],
    },
    { name: "a typo gets a reply", login: "dev", body: "/promot", mutations: ["react eyes", "reply #1"] },
    {
      name: "a quoted command does nothing",
      login: "dev",
      body: "> /promote shadow\nwhy?",
      mutations: [],
    },
  ])("$name", async ({ login, body, mutations, policy }) => {
    const { port, say } = setup(policy);
    await say(login, body);
    expect(port.mutations).toEqual(mutations);
  });

  it("bots, including modelgate itself, are ignored", async () => {
    const { port, say } = setup();
    await say("dependabot[bot]", "/promote", { userType: "Bot" });
    await say("modelgate[bot]", "/promote");
    expect(port.mutations).toEqual([]);
  });

  it("comments on plain issues are not ours", async () => {
    const { port, say } = setup();
    await say("dev", "/promote", { isPullRequest: false });
    expect(port.mutations).toEqual([]);
  });

  it("the override is recorded for the head commit; the reply carries no record", async () => {
    const { port, say } = setup();
    await say("maint", '/override evaluation "EU drop accepted by risk"');
    expect(port.records).toMatchObject([
      { kind: "override", gate: "evaluation", sha: HEAD, actor: "maint", reason: "EU drop accepted by risk" },
    ]);
    expect(port.replies[0]).not.toContain("<!-- modelgate:override");
    expect(port.replies[0]).toContain(
      "`evaluation` is overridden for aaaaaaa by @maint: EU drop accepted by risk",
    );
  });

  it("an internal error is answered: could not run, nothing was deployed, 😕 — never silence", async () => {
    const { port, say } = setup();
    port.createDeployment = async () => {
      throw Object.assign(new Error("Server Error - https://docs.github.com/rest"), { status: 502 });
    };
    await say("dev", "/promote");
    expect(port.mutations).toEqual(["react eyes", "reply #1", "react confused", "refresh #1"]);
    expect(port.replies[0]).toContain(
      "😕 could not run `/promote`: GitHub answered 502 (Server Error) — nothing was deployed.",
    );
  });

  it.each<{ name: string; body: string; breaks: (p: FakePort) => void; says: string; mutations: string[] }>([
    {
      name: "a bug mid-/promote (a TypeError reading the models)",
      body: "/promote",
      breaks: (p) => {
        p.changedModels = async () => {
          throw new TypeError("Cannot read properties of undefined (reading 'version')");
        };
      },
      says: "😕 could not run `/promote`: Cannot read properties of undefined (reading 'version') — nothing was deployed.",
      mutations: ["react eyes", "reply #1", "react confused", "refresh #1"],
    },
    {
      name: "a bug mid-/hold (recording the hold)",
      body: "/hold risk review",
      breaks: (p) => {
        p.record = async () => {
          throw new RangeError("Invalid time value");
        };
      },
      says: "😕 could not run `/hold`: Invalid time value.",
      mutations: ["react eyes", "reply #1", "react confused", "refresh #1"],
    },
    {
      name: "a bug in /override's re-post before the /promote that follows it",
      body: "/override evaluation accepted\n/promote",
      breaks: (p) => {
        p.runs = [{ name: "modelgate", conclusion: "failure", ours: true }];
        p.refresh = async () => {
          throw new Error("socket hang up");
        };
      },
      says: "the modelgate check is `failure` on aaaaaaa",
      mutations: ["react eyes", "record override evaluation", "reply #1"],
    },
  ])("an unexpected exception is answered: $name", async ({ body, breaks, says, mutations }) => {
    const { port, say } = setup();
    breaks(port);
    await say("maint", body);
    expect(port.replies).toHaveLength(1);
    expect(port.replies[0]).toContain(says);
    expect(port.mutations).toEqual(mutations);
    expect(port.stored).toEqual([]);
  });

  it("👀 refused by GitHub: the commands still run and are answered, the reply looked for first", async () => {
    const { port, say } = setup();
    const react = port.react.bind(port);
    port.react = async (id, content) => {
      if (content === "eyes") throw Object.assign(new Error("Server Error"), { status: 502 });
      return react(id, content);
    };
    let looked = 0;
    const hasReply = port.hasReply.bind(port);
    port.hasReply = async (pr, marker) => {
      looked++;
      return hasReply(pr, marker);
    };
    await say("dev", "/promote production");
    expect(looked).toBe(1);
    expect(port.mutations).toEqual(["reply #1", "refresh #1"]);
    expect(port.replies[0]).toContain("needs maintain permission");
  });

  it("a reply GitHub refuses: 😕 is still given, and the event fails so that it is redelivered", async () => {
    const { port, say } = setup();
    port.reply = async () => {
      throw Object.assign(new Error("Server Error"), { status: 502 });
    };
    await expect(say("dev", "/promote production")).rejects.toMatchObject({ status: 502 });
    expect(port.mutations).toEqual(["react eyes", "react confused"]);
  });

  it("a refresh that fails after the answer does not fail the event: the next event refreshes", async () => {
    const { port, say } = setup();
    port.refresh = async () => {
      throw new Error("socket hang up");
    };
    await say("dev", "/promote");
    expect(port.mutations).toEqual(["react eyes", "deploy fraud-shadow aaaaaaa promote", "react rocket"]);
  });

  it("a deployment naming a PR that does not exist holds no lock", async () => {
    const { port, say } = setup();
    port.stored.push({
      id: 1,
      environment: "fraud-shadow",
      sha: "c".repeat(40),
      createdAt: 0,
      creator: "modelgate[bot]",
      payload: {
        modelgate: 1,
        model: "fraud",
        version: "2.2.0",
        stage: "shadow",
        traffic: 0,
        pr: 404,
        actor: "bob",
        comment_id: 9,
        kind: "promote",
      },
      statuses: [{ state: "success", createdAt: 0 }],
    });
    await say("dev", "/promote shadow");
    expect(port.mutations).toContain("deploy fraud-shadow aaaaaaa promote");
  });

  it("help is generated from the registry and the policy", async () => {
    const { port, say } = setup({ commands: { prefix: "mg" } });
    await say("dev", "mg/help");
    expect(port.replies[0]).toContain("`mg/promote [stage] [--model NAME]`");
    expect(port.replies[0]).toContain("production: maintain");
  });
});

describe("handleComment: approvers by login and by team", () => {
  const policy = {
    rollout: {
      stages: [{ name: "shadow", traffic: 0, approvers: ["carol", "@acme/ml-leads"], permission: "read" }],
    },
  };
  it.each([
    { login: "carol", team: [] as string[], deployed: true },
    { login: "dave", team: ["dave"], deployed: true },
    { login: "erin", team: ["dave"], deployed: false },
  ])("$login (team: $team) → deployed: $deployed", async ({ login, team, deployed }) => {
    const { port, say } = setup(policy);
    port.teams.set("acme/ml-leads", team);
    await say(login, "/promote");
    expect(port.stored).toHaveLength(deployed ? 1 : 0);
    // The team is named, but not pinged: anyone can cause this refusal.
    if (!deployed)
      expect(port.replies[0]).toContain("promoted only by its approvers (carol, @\u2060acme/ml-leads)");
  });

  it("a team GitHub will not describe (403) is a refusal that says so, never an error", async () => {
    const { port, say } = setup(policy);
    port.isTeamMember = async () => null;
    await say("erin", "/promote");
    expect(port.stored).toEqual([]);
    expect(port.mutations).toEqual(["react eyes", "reply #1", "refresh #1"]);
    expect(port.replies[0]).toContain(
      "promoted only by its approvers (carol, @\u2060acme/ml-leads); ask one of them.",
    );
    expect(port.replies[0]).toContain(
      "GitHub refused to tell modelgate who is in @\u2060acme/ml-leads (403): an organization owner should grant the App the organization permission members: read.",
    );
    expect(port.replies[0]).not.toContain("😕");
  });
});

describe("handleComment: refusals list every unmet condition once", () => {
  it("hold, failed check and missing shadow in one reply", async () => {
    const { port, say } = setup();
    port.pulls.set(1, pull(1, { labels: ["modelgate: hold"] }));
    port.runs = [{ name: "modelgate", conclusion: "failure", ours: true }];
    await say("dev", "/promote canary");
    expect(port.replies).toHaveLength(1);
    expect(port.replies[0]).toContain("Not done (3 conditions unmet)");
    expect(port.replies[0]).toContain("the modelgate check is `failure` on aaaaaaa");
    expect(port.replies[0]).toContain("shadow has no deployment of aaaaaaa: `/promote shadow` first");
    expect(port.replies[0]).toContain("`/unhold` releases it");
  });

  it("a check of another app with our name does not count", async () => {
    const { port, say } = setup();
    port.runs = [{ name: "modelgate", conclusion: "success", ours: false }];
    await say("dev", "/promote");
    expect(port.replies[0]).toContain("the modelgate check has not run on aaaaaaa");
  });

  it("several models need --model", async () => {
    const { port, say } = setup();
    port.models = [
      { name: "fraud", version: "2.3.0" },
      { name: "churn", version: "0.1.0" },
    ];
    await say("dev", "/promote");
    expect(port.replies[0]).toContain(
      "this PR changes several models (`fraud`, `churn`): add `--model NAME`",
    );
    await say("dev", "/promote --model churn");
    expect(port.mutations).toContain("deploy churn-shadow aaaaaaa promote");
  });
});

describe("handleComment: idempotency and concurrency", () => {
  it("a redelivered comment creates no second deployment and no second reply", async () => {
    const { port, say } = setup();
    await say("dev", "/promote", { commentId: 77 });
    await say("dev", "/promote", { commentId: 77 });
    expect(port.stored).toHaveLength(1);
    await say("triager", "/promote", { commentId: 78 });
    await say("triager", "/promote", { commentId: 78 });
    expect(port.replies).toHaveLength(1);
  });

  it("two concurrent /promote for one environment create exactly one deployment", async () => {
    const { port, say } = setup();
    // The first creation yields to the event loop, as an HTTP call would.
    port.beforeCreate = () => new Promise((r) => setTimeout(r, 20));
    await Promise.all([say("dev", "/promote shadow"), say("maint", "/promote shadow")]);
    expect(port.stored).toHaveLength(1);
    expect(port.replies.join("\n")).toContain("shadow already is deploying aaaaaaa");
  });

  it("another open PR holding canary blocks; once it is merged, it does not", async () => {
    const { port, say } = setup();
    port.pulls.set(2, pull(2));
    await say("dev", "/promote shadow");
    port.report(1000, "success", T0);
    // PR #2 took canary meanwhile.
    port.stored.push({
      id: 999,
      environment: "fraud-canary",
      sha: "c".repeat(40),
      createdAt: T0,
      creator: "modelgate[bot]",
      payload: {
        modelgate: 1,
        model: "fraud",
        version: "2.4.0",
        stage: "canary",
        traffic: 5,
        pr: 2,
        actor: "bob",
        comment_id: 5,
        kind: "promote",
      },
      statuses: [{ state: "success", createdAt: T0 }],
    });
    await say("dev", "/promote canary", { createdAt: T0 + 25 * HOUR });
    expect(port.replies.at(-1)).toContain("`fraud-canary` is held by #2 (fraud 2.4.0, by @bob)");
    port.pulls.set(2, pull(2, { state: "merged" }));
    await say("dev", "/promote canary", { createdAt: T0 + 25 * HOUR });
    expect(port.mutations.filter((m) => m.startsWith("deploy"))).toEqual([
      "deploy fraud-shadow aaaaaaa promote",
      "deploy fraud-canary aaaaaaa promote",
    ]);
  });

  it("the last stage is a production environment", async () => {
    const { port, say } = setup({ rollout: { stages: [{ name: "live", traffic: 100 }] } });
    await say("dev", "/promote");
    expect(port.mutations).toContain("deploy fraud-live aaaaaaa promote production");
    expect(port.stored[0]?.payload).toEqual({
      modelgate: 1,
      model: "fraud",
      version: "2.3.0",
      stage: "live",
      traffic: 100,
      pr: 1,
      actor: "dev",
      comment_id: expect.any(Number),
      kind: "promote",
    });
  });
});
