import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPullRequestEvent } from "../../src/cli/actions-event.ts";
import { UsageError } from "../../src/cli/usage-error.ts";
import { tempDir } from "./run-cli.ts";

const HEAD = "a".repeat(40);
const BASE = "b".repeat(40);
const prEvent = {
  action: "synchronize",
  number: 7,
  pull_request: {
    number: 7,
    head: { sha: HEAD, repo: { full_name: "someone/fork" } },
    base: { sha: BASE, repo: { full_name: "acme/models" } },
  },
};

let tmp: Awaited<ReturnType<typeof tempDir>>;
const file = (name: string) => path.join(tmp.dir, name);
beforeAll(async () => {
  tmp = await tempDir();
  await writeFile(file("pr.json"), JSON.stringify(prEvent));
  await writeFile(file("push.json"), JSON.stringify({ ref: "refs/heads/main", after: HEAD }));
  await writeFile(file("bad.json"), "{ not json");
  const badSha = structuredClone(prEvent);
  badSha.pull_request.base.sha = "main; rm -rf /";
  await writeFile(file("bad-sha.json"), JSON.stringify(badSha));
});
afterAll(() => tmp?.remove());

const env = (name: string | undefined, f: string | undefined) => ({
  GITHUB_EVENT_NAME: name,
  GITHUB_EVENT_PATH: f === undefined ? undefined : file(f),
  GITHUB_REPOSITORY: "acme/models",
});

describe("readPullRequestEvent", () => {
  it("a pull_request event: the base repository (not the fork), the number, head and base", async () => {
    expect(await readPullRequestEvent(env("pull_request", "pr.json"))).toEqual({
      owner: "acme",
      repo: "models",
      number: 7,
      headSha: HEAD,
      baseSha: BASE,
    });
  });

  it("pull_request_target too", async () => {
    expect((await readPullRequestEvent(env("pull_request_target", "pr.json"))).number).toBe(7);
  });

  it.each<[string, string | undefined, string | undefined, RegExp, boolean]>([
    ["outside Actions", undefined, undefined, /runs inside a GitHub Actions job/, true],
    [
      "a push event",
      "push",
      "push.json",
      /this job runs on a push event: run it under `on: pull_request`/,
      true,
    ],
    ["an event file that is not JSON", "pull_request", "bad.json", /is not JSON/, false],
    ["a missing event file", "pull_request", "none.json", /cannot read the event file/, false],
    ["a pull_request without shas", "pull_request", "push.json", /has no pull_request with a number/, false],
    ["a base sha that is not a sha", "pull_request", "bad-sha.json", /has no pull_request with/, false],
  ])("%s: a clear error", async (_name, eventName, eventFile, message, usage) => {
    const err = await readPullRequestEvent(env(eventName, eventFile)).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(message);
    expect(err instanceof UsageError).toBe(usage);
  });
});
