import { LIMITS } from "../core/parse/safe-yaml.ts";
import {
  type ChangedFile,
  type FileContent,
  fileKey,
  type ReadRequest,
  type ReadResult,
  type RepoSnapshot,
  type Side,
} from "../core/types.ts";
import { buildBatchQuery } from "./graphql-batch.ts";
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

const PR_STATE_FIELDS = `pullRequest(number: $number) {
      headRefOid state
      comments(first: 100) { nodes { databaseId body author { __typename login } } pageInfo { hasNextPage endCursor } }
    }
    headCommit: object(oid: $head) { ... on Commit { checkSuites(first: 20, filterBy: { appId: $appId }) { nodes { checkRuns(first: 50) { nodes { databaseId name title summary text conclusion } } } } } }`;

/** The next page of a long PR's comments: our sticky comment or an override may be past the first 100. */
const MORE_COMMENTS = `query modelgateComments($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      comments(first: 100, after: $after) { nodes { databaseId body author { __typename login } } pageInfo { hasNextPage endCursor } }
    }
  }
}`;
/** Bounds the requests one event may spend on a very long thread. */
const MAX_COMMENT_PAGES = 30;

/**
 * The PR as the engine's port: changed files from the REST listing (it alone gives renames),
 * contents and folders by one aliased GraphQL query per batch. The first batch also brings the
 * PR's head, comments and our check runs, so that publishing needs no read of its own.
 */
export class GitHubSnapshot implements RepoSnapshot {
  #state: PrState | null = null;
  requests = 0;

  constructor(
    private readonly octokit: Octokit,
    private readonly pr: PrRef,
    private readonly appId: number,
    private readonly changedFileCount: number | null,
  ) {}

  async changedFiles(): Promise<ChangedFile[]> {
    if (this.changedFileCount !== null && this.changedFileCount > MAX_LISTED_FILES)
      throw new TooManyFilesError(this.changedFileCount);
    const out: ChangedFile[] = [];
    for await (const page of this.octokit.paginate.iterator(this.octokit.rest.pulls.listFiles, {
      owner: this.pr.owner,
      repo: this.pr.repo,
      pull_number: this.pr.number,
      per_page: 100,
    })) {
      this.requests++;
      for (const f of page.data) {
        const status =
          f.status === "renamed"
            ? "renamed"
            : f.status === "removed"
              ? "removed"
              : f.status === "added"
                ? "added"
                : "modified";
        out.push(
          f.previous_filename
            ? { path: f.filename, status, previousPath: f.previous_filename }
            : { path: f.filename, status },
        );
      }
    }
    if (out.length >= MAX_LISTED_FILES) throw new TooManyFilesError(out.length);
    return out;
  }

  async read(request: ReadRequest): Promise<ReadResult> {
    const withState = this.#state === null;
    const results = [await this.#query(request, withState)];
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

  async #query(request: ReadRequest, withState: boolean) {
    const batch = buildBatchQuery(
      request,
      { base: this.pr.baseSha, head: this.pr.headSha },
      withState
        ? {
            fields: PR_STATE_FIELDS,
            variables: "$number: Int!, $head: GitObjectID!, $appId: Int",
            values: { number: this.pr.number, head: this.pr.headSha, appId: this.appId },
          }
        : null,
    );
    const response = await this.octokit.graphql<{ repository: Record<string, unknown> | null }>(batch.query, {
      owner: this.pr.owner,
      name: this.pr.repo,
      ...batch.variables,
    });
    this.requests++;
    const repository = response.repository ?? {};
    if (withState) {
      this.#state = decodeState(repository);
      this.#after = nextCursor((repository as CommentsHolder).pullRequest?.comments);
    }
    return batch.decode(repository);
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

  /** Every blob path at a commit, from one recursive tree request (rare: see RepoSnapshot.listAll). */
  async listAll(side: "base" | "head"): Promise<string[]> {
    const { data } = await this.octokit.rest.git.getTree({
      owner: this.pr.owner,
      repo: this.pr.repo,
      tree_sha: side === "head" ? this.pr.headSha : this.pr.baseSha,
      recursive: "true",
    });
    this.requests++;
    return data.tree.flatMap((e) => (e.type === "blob" && e.path ? [e.path] : []));
  }

  #after: string | null = null;

  /** The PR's state as of the first read (reading it when the engine made none), with every comment. */
  async state(): Promise<PrState> {
    if (this.#state === null) await this.read({ files: [], dirs: [] });
    const state = this.#state as PrState;
    for (let page = 1; this.#after !== null && page < MAX_COMMENT_PAGES; page++) {
      const response = await this.octokit.graphql<{ repository: CommentsHolder | null }>(MORE_COMMENTS, {
        owner: this.pr.owner,
        name: this.pr.repo,
        number: this.pr.number,
        after: this.#after,
      });
      this.requests++;
      const comments = response.repository?.pullRequest?.comments;
      state.comments.push(...decodeComments(comments?.nodes));
      this.#after = nextCursor(comments);
    }
    this.#after = null;
    return state;
  }
}

function decodeState(repository: Record<string, unknown>): PrState {
  type Raw = {
    pullRequest?: {
      headRefOid: string;
      state: PrState["state"];
      comments?: {
        nodes?: Array<{
          databaseId: number;
          body: string;
          author: { __typename: string; login: string } | null;
        } | null>;
      };
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
              id: Number(r.databaseId),
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

type RawComment = {
  databaseId: number;
  body: string;
  author: { __typename: string; login: string } | null;
} | null;
type CommentPage =
  | { nodes?: RawComment[]; pageInfo?: { hasNextPage: boolean; endCursor: string | null } }
  | undefined;
type CommentsHolder = { pullRequest?: { comments?: CommentPage } | null };

function decodeComments(nodes: RawComment[] | undefined): PrState["comments"] {
  return (nodes ?? []).flatMap((c) =>
    c
      ? [
          {
            id: c.databaseId,
            body: c.body,
            login: c.author?.login ?? "",
            isBot: c.author?.__typename === "Bot",
          },
        ]
      : [],
  );
}

function nextCursor(page: CommentPage): string | null {
  return page?.pageInfo?.hasNextPage && page.pageInfo.endCursor ? page.pageInfo.endCursor : null;
}
