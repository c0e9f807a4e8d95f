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

/** A GraphQL batch answered from `files` (`sha:path` → text) and `dirs` (`sha:path` → names). */
export function answerBatch(
  variables: Record<string, unknown>,
  tree: { files: Record<string, string>; dirs: Record<string, string[]> },
  state: Record<string, unknown>,
): { data: { repository: Record<string, unknown> } } {
  const repository: Record<string, unknown> = { ...state };
  for (const [key, expr] of Object.entries(variables)) {
    if (typeof expr !== "string") continue;
    if (/^f\d+$/.test(key)) {
      const text = tree.files[expr];
      repository[key] =
        text === undefined ? null : { byteSize: Buffer.byteLength(text), isBinary: false, text };
    }
    if (/^d\d+$/.test(key)) {
      const names = tree.dirs[expr];
      repository[key] = names === undefined ? null : { entries: names.map((name) => entryOf(name)) };
    }
  }
  return { data: { repository } };
}

const entryOf = (name: string) => ({ name, type: name.includes(".") ? "blob" : "tree" });
