import { buildSchema, type GraphQLSchema } from "graphql";

/**
 * A subset of GitHub's GraphQL schema with GitHub's own names and types, so a query that
 * validates here also validates against api.github.com. Add fields only as GitHub spells them.
 */
export const GITHUB_SDL = /* GraphQL */ `
  scalar GitObjectID
  scalar DateTime
  "A 64-bit id, serialized as a string (GitHub's comment ids passed 2^31)."
  scalar BigInt
  scalar URI

  type Query {
    repository(owner: String!, name: String!): Repository
  }

  type Repository {
    id: ID!
    name: String!
    nameWithOwner: String!
    pullRequest(number: Int!): PullRequest
    object(expression: String, oid: GitObjectID): GitObject
    defaultBranchRef: Ref
    ref(qualifiedName: String!): Ref
    refs(refPrefix: String!, query: String, first: Int, after: String): RefConnection
  }

  type RefConnection {
    nodes: [Ref]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type Ref {
    name: String!
    prefix: String!
    target: GitObject
  }

  enum PullRequestState { OPEN CLOSED MERGED }

  type PullRequest {
    number: Int!
    title: String!
    headRefName: String!
    baseRefName: String!
    headRefOid: GitObjectID!
    baseRefOid: GitObjectID!
    state: PullRequestState!
    merged: Boolean!
    isDraft: Boolean!
    author: Actor
    changedFiles: Int!
    files(first: Int, last: Int, after: String, before: String): PullRequestChangedFileConnection
    comments(first: Int, last: Int, after: String, before: String): IssueCommentConnection!
  }

  enum PatchStatus { ADDED CHANGED COPIED DELETED MODIFIED RENAMED }

  type PullRequestChangedFile {
    path: String!
    changeType: PatchStatus!
    additions: Int!
    deletions: Int!
  }

  type PullRequestChangedFileConnection {
    nodes: [PullRequestChangedFile]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type IssueCommentConnection {
    nodes: [IssueComment]
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
    hasPreviousPage: Boolean!
    startCursor: String
  }

  type IssueComment {
    "Int, as on GitHub: an id above 2^31 - 1 is a field error here too."
    databaseId: Int
    fullDatabaseId: BigInt
    body: String!
    author: Actor
    createdAt: DateTime!
    updatedAt: DateTime!
  }

  interface Actor { login: String! }
  type Bot implements Actor { login: String! }
  type User implements Actor { login: String! }

  interface GitObject { oid: GitObjectID! }

  type Blob implements GitObject {
    oid: GitObjectID!
    byteSize: Int!
    text: String
    isBinary: Boolean
    isTruncated: Boolean!
  }

  type Tree implements GitObject {
    oid: GitObjectID!
    entries: [TreeEntry!]
  }

  type TreeEntry {
    name: String!
    path: String
    type: String!
    oid: GitObjectID!
    object: GitObject
  }

  type Commit implements GitObject {
    oid: GitObjectID!
    message: String!
    tree: Tree!
    checkSuites(first: Int, filterBy: CheckSuiteFilter): CheckSuiteConnection
  }

  input CheckSuiteFilter { appId: Int checkName: String }
  type CheckSuiteConnection { nodes: [CheckSuite] }
  type CheckSuite { app: App checkRuns(first: Int, filterBy: CheckRunFilter): CheckRunConnection }
  input CheckRunFilter { checkName: String appId: Int }
  type CheckRunConnection { nodes: [CheckRun] }

  enum CheckStatusState { COMPLETED IN_PROGRESS PENDING QUEUED REQUESTED WAITING }
  enum CheckConclusionState {
    ACTION_REQUIRED CANCELLED FAILURE NEUTRAL SKIPPED STALE STARTUP_FAILURE SUCCESS TIMED_OUT
  }

  type CheckRun {
    "Int, as on GitHub, which has no fullDatabaseId for check runs: resourcePath ends with the id."
    databaseId: Int
    resourcePath: URI!
    url: URI!
    name: String!
    title: String
    summary: String
    text: String
    status: CheckStatusState!
    conclusion: CheckConclusionState
  }

  type App {
    databaseId: Int
    slug: String!
    name: String!
  }
`;

export const githubSchema: GraphQLSchema = buildSchema(GITHUB_SDL);
