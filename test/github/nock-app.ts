import { generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";
import type { WebhookDefinition } from "@octokit/webhooks-examples";
import { Probot, ProbotOctokit } from "probot";
import modelgate from "../../src/index.ts";

// A CommonJS JSON package: its typings describe the default export, which NodeNext cannot import.
const examples: WebhookDefinition[] = createRequire(import.meta.url)("@octokit/webhooks-examples");

export const API = "https://api.github.com";
export const APP_ID = 123;

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});

/** The real App in a Probot without retries or throttling, so each nock answer is used exactly once. */
export async function loadApp(): Promise<Probot> {
  const probot = new Probot({
    appId: APP_ID,
    privateKey,
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((instanceOptions: object) => ({
      ...instanceOptions,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  await probot.load(modelgate);
  return probot;
}

/** GitHub's own example payload for the event and action (the first one listed). */
export function example(event: string, action: string): Record<string, unknown> {
  const group = examples.find((e) => e.name === event);
  const found = group?.examples.find((x) => "action" in x && x.action === action);
  if (!found) throw new Error(`no example for ${event}.${action}`);
  return structuredClone(found) as Record<string, unknown>;
}

/**
 * Keeps only `keep` of an object, recursively: `true` keeps a value whole. A trimmed payload
 * shows what the App reads; a field it needs and was trimmed makes the test fail, not pass.
 */
export type Keep = true | { [key: string]: Keep };
export function trim(value: unknown, keep: Keep): unknown {
  if (keep === true || value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(keep)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = trim(v, sub);
  }
  return out;
}

export const REPOSITORY_FIELDS: Keep = {
  id: true,
  name: true,
  full_name: true,
  owner: { login: true, id: true, type: true },
  default_branch: true,
  private: true,
};

const blob = (text: string) => ({
  byteSize: Buffer.byteLength(text),
  isBinary: false,
  isTruncated: false,
  text,
});

/**
 * A GraphQL read batch answered from `files` (`sha:path` → text) and `dirs` (`sha:path` → names):
 * each alias `aN` is a file, or a folder whose entries carry their blobs.
 */
export function answerBatch(
  variables: Record<string, unknown>,
  tree: { files: Record<string, string>; dirs: Record<string, string[]> },
): { data: { repository: Record<string, unknown> } } {
  const repository: Record<string, unknown> = {};
  for (const [key, expr] of Object.entries(variables)) {
    if (typeof expr !== "string" || !/^a\d+$/.test(key)) continue;
    const text = tree.files[expr];
    const names = tree.dirs[expr];
    const child = (name: string) => tree.files[expr.endsWith(":") ? `${expr}${name}` : `${expr}/${name}`];
    repository[key] =
      text !== undefined
        ? blob(text)
        : names === undefined
          ? null
          : {
              entries: names.map((name) => ({
                ...entryOf(name),
                object: child(name) === undefined ? null : blob(child(name) as string),
              })),
            };
  }
  return { data: { repository } };
}

/**
 * The opening query answered: the PR's changed files, no comments, none of our check runs, the
 * repository's policy (null: none) and the organization's (undefined: no `.github` repository,
 * which GitHub answers with a NOT_FOUND error beside the data).
 */
export function answerOpening(opts: {
  head: string;
  files: Array<{ path: string; changeType: string }>;
  policy: string | null;
  orgPolicy?: string | null;
  owner: string;
}): Record<string, unknown> {
  const page = { hasNextPage: false, endCursor: null };
  const repository = {
    policy: opts.policy === null ? null : blob(opts.policy),
    pullRequest: {
      headRefOid: opts.head,
      state: "OPEN",
      changedFiles: opts.files.length,
      files: { nodes: opts.files, pageInfo: page },
      comments: { nodes: [], pageInfo: page },
    },
    headCommit: { checkSuites: { nodes: [] } },
  };
  if (opts.orgPolicy !== undefined)
    return {
      data: { repository, orgPolicy: { object: opts.orgPolicy === null ? null : blob(opts.orgPolicy) } },
    };
  return {
    data: { repository, orgPolicy: null },
    errors: [
      {
        type: "NOT_FOUND",
        path: ["orgPolicy"],
        locations: [{ line: 11, column: 3 }],
        message: `Could not resolve to a Repository with the name '${opts.owner}/.github'.`,
      },
    ],
  };
}

const entryOf = (name: string) => ({ name, type: name.includes(".") ? "blob" : "tree" });
