import { describe, expect, it } from "vitest";
import { loadGitHubPolicy } from "../../src/github/load-github-policy.ts";

/** The one request loadGitHubPolicy makes for a repository's own policy, answered from `files`. */
function contextWith(files: Record<string, string>, reads: string[]) {
  const context = {
    repo: () => ({ owner: "acme", repo: "models" }),
    octokit: {
      rest: {
        repos: {
          getContent: async ({ path }: { path: string }) => {
            reads.push(path);
            const text = files[path];
            if (text === undefined) throw Object.assign(new Error("Not Found"), { status: 404 });
            return { data: text };
          },
        },
      },
    },
    config: async () => null,
  };
  return context as unknown as Parameters<typeof loadGitHubPolicy>[0];
}

const STRICT =
  "version: 1\ngates:\n  evaluation:\n    metrics:\n      - { name: auc, direction: higher, min: 0.95 }\n";

describe("loadGitHubPolicy", () => {
  it("parses a policy text once: the same text again is the same result, another text is parsed anew", async () => {
    const reads: string[] = [];
    const first = await loadGitHubPolicy(contextWith({ ".github/modelgate.yml": STRICT }, reads));
    const again = await loadGitHubPolicy(contextWith({ ".github/modelgate.yml": STRICT }, reads));
    expect(first.findings).toEqual([]);
    expect(again).toBe(first);
    // Still read from GitHub every time: only the parsing is kept.
    expect(reads).toEqual([".github/modelgate.yml", ".github/modelgate.yml"]);

    const looser = await loadGitHubPolicy(
      contextWith({ ".github/modelgate.yml": STRICT.replace("0.95", "0.5") }, reads),
    );
    expect(looser).not.toBe(first);
    expect(JSON.stringify(looser.policy)).toContain("0.5");
    expect(JSON.stringify(first.policy)).toContain("0.95");
  });

  it("an invalid policy's findings come back the same from the kept result", async () => {
    const bad = "version: 1\ngates:\n  evaluation:\n    metricz: []\n";
    const one = await loadGitHubPolicy(contextWith({ ".github/modelgate.yml": bad }, []));
    const two = await loadGitHubPolicy(contextWith({ ".github/modelgate.yml": bad }, []));
    expect(one.findings.map((f) => [f.code, f.line])).toEqual(two.findings.map((f) => [f.code, f.line]));
    expect(one.findings.length).toBeGreaterThan(0);
  });
});
