import type { CollaboratorPermission } from "../../core/commands/permission-level.ts";
import type { ModelgatePayload } from "../../core/rollout/modelgate-payload.ts";
import type { PrState } from "../../core/rollout/promote-preconditions.ts";
import type { RolloutDeployment } from "../../core/rollout/rollout-deployment.ts";
import type { NewRecord } from "../authority/authority-store.ts";
import type { Authority } from "../authority/read-authority.ts";
import type { CommitStatusState } from "./required-contexts.ts";

export interface PullInfo {
  number: number;
  state: PrState;
  headSha: string;
  baseSha: string;
  changedFiles: number | null;
  labels: string[];
}

export interface ChangedModel {
  name: string;
  version: string | null;
}

export interface NewDeployment {
  sha: string;
  environment: string;
  production: boolean;
  description: string;
  payload: ModelgatePayload;
  /**
   * The environment's latest deployment as the lock holder read it (null: none). Re-read just
   * before creating: if another made one meanwhile (a lock lost to a slow GitHub), nothing is
   * created (a fencing check, SPEC §4.4).
   */
  latestSeen: number | null;
}

export type ReactionContent = "eyes" | "rocket" | "confused";

/**
 * Everything the command and deployment handlers may ask of or do to GitHub, for one
 * repository. One Octokit-backed implementation; tests use a fake that records every mutation.
 */
export interface CommandPort {
  permission(login: string): Promise<CollaboratorPermission>;
  /**
   * `team` is `org/slug`. Null when GitHub refuses to say (403: the App lacks the organization's
   * `members: read`, or the organization restricts it): then the login is not shown to be one.
   */
  isTeamMember(team: string, login: string): Promise<boolean | null>;
  /** `existed`: the App had already reacted so, i.e. this event was seen before (a redelivery). */
  react(commentId: number, content: ReactionContent): Promise<{ existed: boolean }>;
  reply(pr: number, body: string): Promise<void>;
  /** A reply of ours on the PR contains `marker`. */
  hasReply(pr: number, marker: string): Promise<boolean>;
  pull(pr: number): Promise<PullInfo>;
  addLabel(pr: number, name: string): Promise<void>;
  removeLabel(pr: number, name: string): Promise<void>;
  /** Deployments to these environments, newest first, with their statuses. */
  deployments(environments: readonly string[]): Promise<RolloutDeployment[]>;
  createDeployment(input: NewDeployment): Promise<{ id: number }>;
  /** Check runs on a commit: name, conclusion (null while running), and whether they are the App's. */
  checkRuns(sha: string): Promise<Array<{ name: string; conclusion: string | null; ours: boolean }>>;
  /** The commit statuses on a commit, the latest per context (GitHub's combined status). */
  commitStatuses(sha: string): Promise<CommitStatusState[]>;
  /** The models the PR changes, as the engine finds them. */
  changedModels(pull: PullInfo): Promise<ChangedModel[]>;
  /** Re-evaluates the PR and re-publishes its check and sticky comment with a fresh tracker. */
  refresh(pr: number, now: number): Promise<void>;
  /** Overrides and hold in force on the PR's head, from the App's own records (SPEC §4.4). */
  authority(pull: PullInfo): Promise<Authority>;
  /** Records an override or a hold change on the PR's head; returns the authority after it. */
  record(pull: PullInfo, record: NewRecord): Promise<Authority>;
}
