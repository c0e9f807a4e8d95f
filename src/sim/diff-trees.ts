import { blobSha } from "./git-hash.ts";
import type { FileContent, Tree } from "./sim-types.ts";

export interface FileDiff {
  filename: string;
  status: "added" | "modified" | "removed" | "renamed";
  previous_filename?: string;
  sha: string;
  additions: number;
  deletions: number;
}

/**
 * The changed files between two snapshots, in path order like GitHub. A removed file whose
 * content reappears under a new path becomes one `renamed` entry, as git's exact-rename
 * detection does; size-only files match only when they carry the same `oid`.
 */
export function diffTrees(base: Tree, head: Tree): FileDiff[] {
  const diffs: FileDiff[] = [];
  for (const [path, content] of head) {
    const before = base.get(path);
    if (before === undefined) diffs.push(fileDiff(path, "added", undefined, content));
    else if (blobSha(before) !== blobSha(content)) diffs.push(fileDiff(path, "modified", before, content));
  }
  for (const [path, content] of base) {
    if (!head.has(path)) diffs.push(fileDiff(path, "removed", content, undefined));
  }
  return pairRenames(diffs).sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
}

function pairRenames(diffs: FileDiff[]): FileDiff[] {
  const removedBySha = new Map<string, FileDiff>();
  for (const diff of diffs) {
    if (diff.status === "removed" && !unknownContent.has(diff)) removedBySha.set(diff.sha, diff);
  }
  const consumed = new Set<FileDiff>();
  const result: FileDiff[] = [];
  for (const diff of diffs) {
    const source = diff.status === "added" ? removedBySha.get(diff.sha) : undefined;
    if (source === undefined || consumed.has(source)) {
      result.push(diff);
      continue;
    }
    consumed.add(source);
    result.push({
      ...diff,
      status: "renamed",
      previous_filename: source.filename,
      additions: 0,
      deletions: 0,
    });
  }
  return result.filter((diff) => !consumed.has(diff));
}

/** Size-only files without an oid have unknown content: never call them a rename. */
const unknownContent = new WeakSet<FileDiff>();

function fileDiff(
  path: string,
  status: FileDiff["status"],
  before: FileContent | undefined,
  after: FileContent | undefined,
): FileDiff {
  const { additions, deletions } = lineCounts(before, after);
  const content = after ?? before ?? "";
  const diff: FileDiff = { filename: path, status, sha: blobSha(content), additions, deletions };
  if (typeof content !== "string" && content.oid === undefined) unknownContent.add(diff);
  return diff;
}

/** Line counts by multiset difference: close enough to git's numbers for an API simulator. */
function lineCounts(before: FileContent | undefined, after: FileContent | undefined) {
  const oldLines = linesOf(before);
  const newLines = linesOf(after);
  const remaining = new Map<string, number>();
  for (const line of oldLines) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  let additions = 0;
  for (const line of newLines) {
    const left = remaining.get(line) ?? 0;
    if (left > 0) remaining.set(line, left - 1);
    else additions++;
  }
  let deletions = 0;
  for (const left of remaining.values()) deletions += left;
  return { additions, deletions };
}

function linesOf(content: FileContent | undefined): string[] {
  if (typeof content !== "string" || content === "") return [];
  return content.replace(/\n$/, "").split("\n");
}
