import type { ChangedFile, ReadRequest, ReadResult, RepoSnapshot } from "../core/types.ts";
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
