import { DEFAULT_POLICY_PATH } from "../core/evaluate-pr.ts";
import { LIMITS } from "../core/parse/safe-yaml.ts";
import {
  type ChangedFile,
  type FileContent,
  type FileStatus,
  fileKey,
  type ReadRequest,
  type ReadResult,
  type RepoSnapshot,
  type Side,
} from "../core/types.ts";
import { type BatchResult, BLOB_FIELDS, buildBatchQueries, decodeBlob } from "./graphql-batch.ts";
import { listTreeWhole } from "./list-tree-whole.ts";
import type { PrefetchedPolicy } from "./load-github-policy.ts";
import type { Octokit, PrRef, PrState } from "./types.ts";

/** GitHub lists at most 3,000 files of a pull request. */
export const MAX_LISTED_FILES = 3000;

export class TooManyFilesError extends Error {
  constructor(readonly count: number) {
    super(
      `this pull request changes ${count} files; GitHub lists at most ${MAX_LISTED_FILES}, so modelgate cannot see all of them. Split the PR, or run \`modelgate check\` in CI.`,
    );
  }
}

const COMMENT_FIELDS =
  "nodes { fullDatabaseId body author { __typename login } } pageInfo { hasNextPage endCursor }";
const FILE_FIELDS = "nodes { path changeType } pageInfo { hasNextPage endCursor }";
const BLOB = `... on Blob { ${BLOB_FIELDS} }`;

/**
 * The first request of an event, which depends on nothing: the PR's changed files (first page),
 * its head, comments and our check runs on the head (so publishing needs no read of its own),
 * and the policy of the default branch, the repository's and its organization's (Probot's
 * `.github` repository), so that no REST request waits for another before the reads.
 */
function openingQuery(withOrg: boolean): string {
  const org = withOrg
    ? `\n  orgPolicy: repository(owner: $owner, name: ".github") { object(expression: $policy) { ${BLOB} } }`
    : "";
  return `query modelgateOpen($owner: String!, $name: String!, $number: Int!, $head: GitObjectID!, $appId: Int, $policy: String!) {
  repository(owner: $owner, name: $name) {
    policy: object(expression: $policy) { ${BLOB} }
    pullRequest(number: $number) {
      headRefOid state changedFiles
      files(first: 100) { ${FILE_FIELDS} }
      comments(first: 100) { ${COMMENT_FIELDS} }
    }
    headCommit: object(oid: $head) { ... on Commit { checkSuites(first: 20, filterBy: { appId: $appId }) { nodes { checkRuns(first: 50) { nodes { resourcePath name title summary text conclusion } } } } } }
  }${org}
}`;
}

/** The next page of a long PR's comments: our sticky comment or an override may be past the first 100. */
const MORE_COMMENTS = `query modelgateComments($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) { comments(first: 100, after: $after) { ${COMMENT_FIELDS} } }
  }
}`;
const MORE_FILES = `query modelgateFiles($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) { files(first: 100, after: $after) { ${FILE_FIELDS} } }
  }
}`;
/** Bounds the requests one event may spend on a very long thread. */
const MAX_COMMENT_PAGES = 30;
/** Queries of one read batch in flight at once (GitHub's secondary limits dislike a burst). */
const PARALLEL_QUERIES = 4;

interface Opening {
  state: PrState;
  policy: PrefetchedPolicy;
  files: FileNode[];
  filesAfter: string | null;
  commentsAfter: string | null;
}

type FileNode = { path: string; changeType: string } | null;

/**
 * The PR as the engine's port: the changed files, the policy and the PR's state from one opening
 * GraphQL query, contents and folders by aliased GraphQL queries of at most 50 aliases (SPEC §6),
 * the queries of one batch sent together.
 */
export class GitHubSnapshot implements RepoSnapshot {
  #opening: Promise<Opening> | null = null;
  #changed: Promise<ChangedFile[]> | null = null;
  #commentsRead = false;
  requests = 0;

  constructor(
    private readonly octokit: Octokit,
    private readonly pr: PrRef,
    private readonly appId: number,
    private readonly changedFileCount: number | null,
  ) {}

  /** The policy texts of the default branch, as the opening query read them. */
  async policy(): Promise<PrefetchedPolicy> {
    return (await this.#open()).policy;
  }

  #open(): Promise<Opening> {
    this.#opening ??= this.#readOpening();
    return this.#opening;
  }

  async #readOpening(): Promise<Opening> {
    const withOrg = this.pr.repo !== ".github";
    const variables = {
      owner: this.pr.owner,
      name: this.pr.repo,
      number: this.pr.number,
      head: this.pr.headSha,
      appId: this.appId,
      policy: `HEAD:${DEFAULT_POLICY_PATH}`,
    };
    type Raw = { repository: Record<string, unknown> | null; orgPolicy?: { object?: unknown } | null };
    let data: Raw;
    try {
      data = await this.octokit.graphql<Raw>(openingQuery(withOrg), variables);
    } catch (err) {
      // Probot's convention: an organization without a `.github` repository (or one the App may
      // not read) has no policy. Any other error is the event's.
      const e = err as { name?: string; data?: Raw; errors?: Array<{ path?: unknown[]; type?: string }> };
      const onlyOrg =
        e.name === "GraphqlResponseError" &&
        e.data?.repository &&
        (e.errors ?? []).every((x) => x.path?.[0] === "orgPolicy" && x.type === "NOT_FOUND");
      if (!onlyOrg || !e.data) throw err;
      data = { ...e.data, orgPolicy: null };
    } finally {
      this.requests++;
    }
    const repository = data.repository ?? {};
    const pr = (repository as CommentsHolder & FilesHolder).pullRequest;
    return {
      state: decodeState(repository),
      policy: {
        own: policyText(repository.policy),
        org: withOrg ? (data.orgPolicy === null ? null : policyText(data.orgPolicy?.object)) : null,
      },
      files: pr?.files?.nodes ?? [],
      filesAfter: nextCursor(pr?.files),
      commentsAfter: nextCursor(pr?.comments),
    };
  }

  changedFiles(): Promise<ChangedFile[]> {
    this.#changed ??= this.#listChanged();
    return this.#changed;
  }

  async #listChanged(): Promise<ChangedFile[]> {
    if (this.changedFileCount !== null && this.changedFileCount > MAX_LISTED_FILES)
      throw new TooManyFilesError(this.changedFileCount);
    const opening = await this.#open();
    const nodes = [...opening.files];
    for (let after = opening.filesAfter; after !== null && nodes.length < MAX_LISTED_FILES; ) {
      const response = await this.octokit.graphql<{ repository: FilesHolder | null }>(MORE_FILES, {
        owner: this.pr.owner,
        name: this.pr.repo,
        number: this.pr.number,
        after,
      });
      this.requests++;
      const page = response.repository?.pullRequest?.files;
      nodes.push(...(page?.nodes ?? []));
      after = nextCursor(page);
    }
    // GraphQL does not say what a renamed file was called: only then is the REST listing read.
    const out = nodes.some((n) => n?.changeType === "RENAMED" || n?.changeType === "COPIED")
      ? await this.#listChangedByRest()
      : nodes.flatMap((n) => (n ? [{ path: n.path, status: statusOf(n.changeType) }] : []));
    if (out.length >= MAX_LISTED_FILES) throw new TooManyFilesError(out.length);
    return out;
  }

  async #listChangedByRest(): Promise<ChangedFile[]> {
    const out: ChangedFile[] = [];
    for await (const page of this.octokit.paginate.iterator(this.octokit.rest.pulls.listFiles, {
      owner: this.pr.owner,
      repo: this.pr.repo,
      pull_number: this.pr.number,
      per_page: 100,
    })) {
      this.requests++;
      for (const f of page.data) {
        const status = f.status === "renamed" ? "renamed" : statusOf(f.status.toUpperCase());
        out.push(
          f.previous_filename
            ? { path: f.filename, status, previousPath: f.previous_filename }
            : { path: f.filename, status },
        );
      }
    }
    return out;
  }

  async read(request: ReadRequest): Promise<ReadResult> {
    const queries = buildBatchQueries(request, { base: this.pr.baseSha, head: this.pr.headSha });
    const results: BatchResult[] = [];
    for (let i = 0; i < queries.length; i += PARALLEL_QUERIES)
      results.push(
        ...(await Promise.all(
          queries.slice(i, i + PARALLEL_QUERIES).map(async (q) => {
            const response = await this.octokit.graphql<{ repository: Record<string, unknown> | null }>(
              q.query,
              { owner: this.pr.owner, name: this.pr.repo, ...q.variables },
            );
            this.requests++;
            return q.decode(response.repository ?? {});
          }),
        )),
      );
    const files = new Map<string, FileContent>();
    const dirs = new Map<string, string[]>();
    const folders = new Map<string, string[]>();
    const tags: string[] = [];
    for (const r of results) {
      for (const [k, v] of r.files) files.set(k, v);
      for (const [k, v] of r.dirs) dirs.set(k, v);
      for (const [k, v] of r.folders) folders.set(k, v);
      tags.push(...r.tags);
    }
    const unread = results.flatMap((r) => r.unread).filter((u) => !files.has(fileKey(u.side, u.path)));
    await Promise.all(
      unread.map(async (u) => files.set(fileKey(u.side, u.path), await this.#readRaw(u.side, u.path))),
    );
    return { files, dirs, folders, tags };
  }

  /** A text file GraphQL cut short (over 512 KB, under 1 MiB): the REST raw content, whole. */
  async #readRaw(side: Side, path: string): Promise<FileContent> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({
        owner: this.pr.owner,
        repo: this.pr.repo,
        path,
        ref: side === "head" ? this.pr.headSha : this.pr.baseSha,
        mediaType: { format: "raw" },
      });
      this.requests++;
      // With the raw media type the body is the file itself, which Octokit's types do not say.
      const raw: unknown = data;
      const text = typeof raw === "string" ? raw : null;
      if (text === null) return { kind: "missing" };
      const bytes = Buffer.byteLength(text, "utf8");
      if (bytes > LIMITS.maxFileBytes) return { kind: "too-large", bytes };
      return text.includes("\0") ? { kind: "binary", bytes } : { kind: "text", text };
    } catch (err) {
      if ((err as { status?: number }).status === 404) return { kind: "missing" };
      throw err;
    }
  }

  /** Every blob path at a commit (rare: see RepoSnapshot.listAll), a truncated tree read in parts. */
  async listAll(side: "base" | "head"): Promise<string[]> {
    const listed = await listTreeWhole(
      this.octokit,
      this.pr,
      side === "head" ? this.pr.headSha : this.pr.baseSha,
    );
    this.requests += listed.requests;
    return listed.paths;
  }

  /** The PR's state as of the opening query, with every comment. */
  async state(): Promise<PrState> {
    const opening = await this.#open();
    const state = opening.state;
    if (this.#commentsRead) return state;
    this.#commentsRead = true;
    let after = opening.commentsAfter;
    for (let page = 1; after !== null && page < MAX_COMMENT_PAGES; page++) {
      const response = await this.octokit.graphql<{ repository: CommentsHolder | null }>(MORE_COMMENTS, {
        owner: this.pr.owner,
        name: this.pr.repo,
        number: this.pr.number,
        after,
      });
      this.requests++;
      const comments = response.repository?.pullRequest?.comments;
      state.comments.push(...decodeComments(comments?.nodes));
      after = nextCursor(comments);
    }
    return state;
  }
}

function statusOf(changeType: string): FileStatus {
  if (changeType === "ADDED") return "added";
  if (changeType === "DELETED" || changeType === "REMOVED") return "removed";
  return "modified";
}

/** A policy blob's text; null when there is none; undefined when GraphQL gave no text (read it by REST). */
function policyText(node: unknown): string | null | undefined {
  const content = decodeBlob(node);
  if (content === "unread") return undefined;
  if (content.kind === "missing") return null;
  return content.kind === "text" ? content.text : undefined;
}

function decodeState(repository: Record<string, unknown>): PrState {
  type Raw = {
    pullRequest?: {
      headRefOid: string;
      state: PrState["state"];
      comments?: { nodes?: RawComment[] };
    } | null;
    headCommit?: {
      checkSuites?: {
        nodes?: Array<{ checkRuns?: { nodes?: Array<Record<string, unknown> | null> } } | null>;
      };
    } | null;
  };
  const raw = repository as Raw;
  const pr = raw.pullRequest;
  const comments = decodeComments(pr?.comments?.nodes);
  const checkRuns = (raw.headCommit?.checkSuites?.nodes ?? []).flatMap((s) =>
    (s?.checkRuns?.nodes ?? []).flatMap((r) =>
      r
        ? [
            {
              id: checkRunId(r),
              name: String(r.name),
              title: (r.title as string | null) ?? null,
              summary: (r.summary as string | null) ?? null,
              text: (r.text as string | null) ?? null,
              conclusion: (r.conclusion as string | null) ?? null,
            },
          ]
        : [],
    ),
  );
  return { headRefOid: pr?.headRefOid ?? "", state: pr?.state ?? "OPEN", comments, checkRuns };
}

/**
 * GitHub's GraphQL has no 64-bit id for a check run (`databaseId` is an Int, and check run ids
 * passed 2^31 in 2021, so asking for it fails the query); its `resourcePath`
 * (`/OWNER/REPO/runs/ID`) ends with the whole id.
 */
function checkRunId(run: Record<string, unknown>): number {
  return Number(/\/runs\/(\d+)$/.exec(String(run.resourcePath ?? ""))?.[1] ?? 0);
}

type RawComment = {
  fullDatabaseId: string | number | null;
  body: string;
  author: { __typename: string; login: string } | null;
} | null;
type Page<T> = { nodes?: T[]; pageInfo?: { hasNextPage: boolean; endCursor: string | null } } | undefined;
type CommentsHolder = { pullRequest?: { comments?: Page<RawComment> } | null };
type FilesHolder = { pullRequest?: { files?: Page<FileNode> } | null };

/** `fullDatabaseId` is a BigInt, which GitHub sends as a string: ids pass 2^31, not 2^53. */
function decodeComments(nodes: RawComment[] | undefined): PrState["comments"] {
  return (nodes ?? []).flatMap((c) =>
    c && c.fullDatabaseId !== null
      ? [
          {
            id: Number(c.fullDatabaseId),
            body: c.body,
            login: c.author?.login ?? "",
            isBot: c.author?.__typename === "Bot",
          },
        ]
      : [],
  );
}

function nextCursor(page: Page<unknown>): string | null {
  return page?.pageInfo?.hasNextPage && page.pageInfo.endCursor ? page.pageInfo.endCursor : null;
}
