import type { GateName } from "../../core/types.ts";
import type { EnvironmentLock } from "../commands/environment-lock.ts";
import type { Octokit } from "../types.ts";
import {
  type Authority,
  authorityFromRecords,
  authorityOf,
  type OwnRun,
  withRecord,
} from "./read-authority.ts";
import { RECORDS_EXTERNAL_ID, RECORDS_RUN_NAME, renderRecordsRun } from "./records-run.ts";
import { type AuthorityRecord, type RecordBinding, signRecord } from "./signed-record.ts";

/** A PR head as the store needs it. */
export interface PullHead {
  number: number;
  headSha: string;
  labels: readonly string[];
}

/** The head of a pull request object from a webhook or the REST API. */
export const pullHead = (pull: {
  number: number;
  head: { sha: string };
  labels?: ReadonlyArray<{ name?: string }>;
}): PullHead => ({
  number: pull.number,
  headSha: pull.head.sha,
  labels: (pull.labels ?? []).map((l) => l.name ?? ""),
});

/** A new record: the store binds it to the repository, the PR and the head commit. */
export type NewRecord =
  | { kind: "override"; gate: GateName; actor: string; reason: string; at: number }
  | { kind: "hold"; held: boolean; actor: string; reason: string; at: number };

/**
 * The one place that reads and writes modelgate's authority on GitHub: overrides and holds in
 * the App's own records check run on the head commit (SPEC §4.4). The command handlers, the
 * evaluation and the deployment protection rule all go through it; nothing parses comments.
 */
export interface AuthorityStore {
  read(pull: PullHead): Promise<Authority>;
  /** Adds a record (an override replaces the gate's previous one; a hold replaces the hold). */
  record(pull: PullHead, record: NewRecord): Promise<Authority>;
  /** After a push: the hold on `before` is carried to the new head. True when one was carried. */
  carryHold(pull: PullHead, before: string): Promise<boolean>;
}

export function authorityStore(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  app: { appId: number; key: Buffer },
  lock: EnvironmentLock,
): AuthorityStore {
  const fullName = `${repo.owner}/${repo.repo}`.toLowerCase();
  const bindingOf = (pr: number, sha: string): RecordBinding => ({ repo: fullName, pr, sha });

  async function runsOn(sha: string): Promise<Array<OwnRun & { id: number }>> {
    const { data } = await octokit.rest.checks.listForRef({
      ...repo,
      ref: sha,
      check_name: RECORDS_RUN_NAME,
      app_id: app.appId,
      filter: "latest",
      per_page: 10,
    });
    // The App's own runs only: another App may name a check run the same.
    return data.check_runs
      .filter((r) => r.app?.id === app.appId && r.name === RECORDS_RUN_NAME)
      .map((r) => ({ id: r.id, name: r.name, text: r.output.text ?? null }));
  }

  async function read(pull: PullHead, sha = pull.headSha): Promise<Authority & { runId: number | null }> {
    const runs = await runsOn(sha);
    const authority = authorityOf({
      runs,
      labels: pull.labels,
      key: app.key,
      binding: bindingOf(pull.number, sha),
    });
    const runId = runs.reduce<number | null>((a, r) => (a === null || r.id > a ? r.id : a), null);
    return { ...authority, runId };
  }

  async function write(sha: string, runId: number | null, records: AuthorityRecord[]): Promise<void> {
    const output = renderRecordsRun(records.map((r) => signRecord(app.key, r)));
    if (runId !== null) {
      await octokit.rest.checks.update({ ...repo, check_run_id: runId, output });
      return;
    }
    await octokit.rest.checks.create({
      ...repo,
      name: RECORDS_RUN_NAME,
      head_sha: sha,
      external_id: RECORDS_EXTERNAL_ID,
      status: "completed",
      conclusion: "neutral",
      output,
    });
  }

  // Read-modify-write of one run: records of one PR take turns (across replicas with Redis).
  const serialized = <T>(pr: number, fn: () => Promise<T>) =>
    lock.withLock(`authority:${fullName}#${pr}`, fn);

  return {
    read: (pull) => read(pull),
    record: (pull, next) =>
      serialized(pull.number, async () => {
        const current = await read(pull);
        const bound: AuthorityRecord = { ...next, ...bindingOf(pull.number, pull.headSha) };
        const records = withRecord(current.records, bound);
        await write(pull.headSha, current.runId, records);
        return authorityFromRecords(records, pull.labels);
      }),
    carryHold: (pull, before) =>
      serialized(pull.number, async () => {
        if (before === pull.headSha) return false;
        const previous = await read(pull, before);
        const hold = previous.records.find((r) => r.kind === "hold");
        if (hold === undefined || !hold.held) return false;
        const current = await read(pull);
        if (current.records.some((r) => r.kind === "hold")) return false;
        const carried = { ...hold, ...bindingOf(pull.number, pull.headSha) };
        await write(pull.headSha, current.runId, withRecord(current.records, carried));
        return true;
      }),
  };
}
