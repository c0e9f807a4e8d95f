import type { CollaboratorPermission } from "../../../src/core/commands/permission-level.ts";
import type { RolloutDeployment } from "../../../src/core/rollout/rollout-deployment.ts";
import type { NewRecord } from "../../../src/github/authority/authority-store.ts";
import { authorityFromRecords, withRecord } from "../../../src/github/authority/read-authority.ts";
import type { AuthorityRecord } from "../../../src/github/authority/signed-record.ts";
import type {
  ChangedModel,
  CommandPort,
  NewDeployment,
  PullInfo,
} from "../../../src/github/commands/command-port.ts";
import type { CommitStatusState } from "../../../src/github/commands/required-contexts.ts";

export const HEAD = "a".repeat(40);

/**
 * An in-memory GitHub behind the command port. Every mutation is recorded as one line in
 * `mutations`, so that a table test asserts exactly what a command did.
 */
export class FakePort implements CommandPort {
  readonly mutations: string[] = [];
  readonly replies: string[] = [];
  permissions = new Map<string, CollaboratorPermission>();
  teams = new Map<string, string[]>();
  pulls = new Map<number, PullInfo>([[1, pull(1)]]);
  models: ChangedModel[] = [{ name: "fraud", version: "2.3.0" }];
  runs: Array<{ name: string; conclusion: string | null; ours: boolean }> = [
    { name: "modelgate", conclusion: "success", ours: true },
  ];
  /** Commit statuses on the head, the latest per context. */
  statuses: CommitStatusState[] = [];
  stored: RolloutDeployment[] = [];
  reactions = new Set<string>();
  /** Runs inside `createDeployment` before it stores: lets a test interleave two commands. */
  beforeCreate: () => Promise<void> = async () => {};
  #nextId = 1000;

  async permission(login: string) {
    return this.permissions.get(login) ?? { permission: "read", roleName: "read" };
  }
  async isTeamMember(team: string, login: string): Promise<boolean | null> {
    return this.teams.get(team)?.includes(login) ?? false;
  }
  async react(commentId: number, content: string) {
    const key = `${commentId}:${content}`;
    const existed = this.reactions.has(key);
    this.reactions.add(key);
    if (!existed) this.mutations.push(`react ${content}`);
    return { existed };
  }
  async reply(pr: number, body: string) {
    this.replies.push(body);
    this.mutations.push(`reply #${pr}`);
  }
  async hasReply(_pr: number, marker: string) {
    return this.replies.some((r) => r.includes(marker));
  }
  async pull(pr: number) {
    const p = this.pulls.get(pr);
    if (p === undefined) throw Object.assign(new Error("Not Found"), { status: 404 });
    return structuredClone(p);
  }
  async addLabel(pr: number, name: string) {
    this.pulls.get(pr)?.labels.push(name);
    this.mutations.push(`label +${name}`);
  }
  async removeLabel(pr: number, name: string) {
    const p = this.pulls.get(pr);
    if (p) p.labels = p.labels.filter((l) => l !== name);
    this.mutations.push(`label -${name}`);
  }
  async deployments(environments: readonly string[]) {
    return this.stored.filter((d) => environments.includes(d.environment)).sort((a, b) => b.id - a.id);
  }
  async createDeployment(input: NewDeployment) {
    await this.beforeCreate();
    const id = this.#nextId++;
    this.stored.push({
      id,
      environment: input.environment,
      sha: input.sha,
      createdAt: 0,
      creator: "modelgate[bot]",
      payload: input.payload,
      statuses: [],
    });
    this.mutations.push(
      `deploy ${input.environment} ${input.sha.slice(0, 7)} ${input.payload.kind}${input.production ? " production" : ""}`,
    );
    return { id };
  }
  async checkRuns() {
    return this.runs;
  }
  async commitStatuses() {
    return this.statuses;
  }
  async changedModels() {
    return this.models;
  }
  async refresh(pr: number) {
    this.mutations.push(`refresh #${pr}`);
  }
  /** The records the App would keep in its records run, per head commit. */
  records: AuthorityRecord[] = [];
  async authority(p: PullInfo) {
    return authorityFromRecords(
      this.records.filter((r) => r.pr === p.number && r.sha === p.headSha),
      p.labels,
    );
  }
  async record(p: PullInfo, next: NewRecord) {
    const bound: AuthorityRecord = { ...next, repo: "acme/models", pr: p.number, sha: p.headSha };
    const mine = this.records.filter((r) => r.pr === p.number && r.sha === p.headSha);
    const rest = this.records.filter((r) => !(r.pr === p.number && r.sha === p.headSha));
    this.records = [...rest, ...withRecord(mine, bound)];
    this.mutations.push(
      `record ${next.kind === "override" ? `override ${next.gate}` : next.held ? "hold" : "unhold"}`,
    );
    return this.authority(p);
  }

  /** Test helper: a CD status on a stored deployment. */
  report(id: number, state: RolloutDeployment["statuses"][number]["state"], at: number) {
    const d = this.stored.find((x) => x.id === id);
    if (d) d.statuses = [{ state, createdAt: at }, ...d.statuses];
  }
}

export function pull(number: number, over: Partial<PullInfo> = {}): PullInfo {
  return {
    number,
    state: "open",
    headSha: HEAD,
    baseSha: "b".repeat(40),
    changedFiles: 3,
    labels: [],
    ...over,
  };
}
