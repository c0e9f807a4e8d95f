import { readFile } from "node:fs/promises";
import { isRecord } from "../core/parse/is-record.ts";
import { UsageError } from "./usage-error.ts";

/** What `modelgate ci` needs of the pull_request event that started the job. */
export interface PullRequestEvent {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  baseSha: string;
}

const PR_EVENTS = new Set(["pull_request", "pull_request_target"]);
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
/** Event files are a few kB; a bound keeps a hostile one from filling memory. */
const MAX_EVENT_BYTES = 16 * 1024 * 1024;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The PR of the running workflow (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH), or a usage error that
 * says what to change: outside Actions, on another event, or an event file that is not a PR's.
 */
export async function readPullRequestEvent(env: Env): Promise<PullRequestEvent> {
  const name = env.GITHUB_EVENT_NAME;
  const file = env.GITHUB_EVENT_PATH;
  if (!name || !file)
    throw new UsageError(
      "`modelgate ci` runs inside a GitHub Actions job (GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set); elsewhere use `modelgate check`",
      "ci",
    );
  if (!PR_EVENTS.has(name))
    throw new UsageError(
      `\`modelgate ci\` evaluates pull requests, and this job runs on a ${name} event: run it under \`on: pull_request\`, or use \`modelgate check --base REF\` for other events`,
      "ci",
    );
  const text = await readFile(file, "utf8").catch((err: unknown) => {
    throw new Error(`cannot read the event file GITHUB_EVENT_PATH=${file}: ${(err as Error).message}`);
  });
  if (Buffer.byteLength(text) > MAX_EVENT_BYTES) throw new Error(`the event file ${file} is too large`);
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    throw new Error(`the event file ${file} is not JSON`);
  }
  return pullRequestOf(event, env.GITHUB_REPOSITORY, file);
}

function pullRequestOf(event: unknown, repository: string | undefined, file: string): PullRequestEvent {
  const pr = isRecord(event) ? event.pull_request : undefined;
  const head = isRecord(pr) ? pr.head : undefined;
  const base = isRecord(pr) ? pr.base : undefined;
  const number = isRecord(pr) ? pr.number : undefined;
  const headSha = isRecord(head) ? head.sha : undefined;
  const baseSha = isRecord(base) ? base.sha : undefined;
  if (
    typeof number !== "number" ||
    !Number.isSafeInteger(number) ||
    number < 1 ||
    typeof headSha !== "string" ||
    !SHA.test(headSha) ||
    typeof baseSha !== "string" ||
    !SHA.test(baseSha)
  )
    throw new Error(
      `the event file ${file} has no pull_request with a number, head.sha and base.sha: is this a pull_request event?`,
    );
  // The base repository's name: the PR lives there, also when it comes from a fork.
  const baseRepo = isRecord(base) && isRecord(base.repo) ? base.repo.full_name : undefined;
  const fullName = typeof baseRepo === "string" ? baseRepo : repository;
  const [owner, repo, ...more] = (fullName ?? "").split("/");
  if (!owner || !repo || more.length > 0)
    throw new Error(
      "cannot tell the repository: the event has no base.repo.full_name and GITHUB_REPOSITORY is unset",
    );
  return { owner, repo, number, headSha, baseSha };
}
