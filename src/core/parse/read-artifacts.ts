import type { Artifact } from "../types.ts";
import type { IssueSink } from "./issue-sink.ts";
import { ArtifactEntry } from "./manifest-schema.ts";
import { type SourceText, scalarText } from "./raw-scalar.ts";
import { readWithSchema } from "./read-with-schema.ts";
import { resolveRepoPath } from "./resolve-repo-path.ts";

/**
 * `artifacts[]`. Paths are kept as written (relative to the manifest: the lineage gate resolves
 * them), but one that could leave the repository is refused here; a URL (`s3://…`) is kept, as
 * artifacts may live outside git.
 */
export function readArtifacts(
  list: ReadonlyArray<unknown> | null | undefined,
  sink: IssueSink,
  src: SourceText,
): Artifact[] {
  return (list ?? []).flatMap((item, i) => {
    const path = ["artifacts", i];
    const a = readWithSchema(ArtifactEntry, item, path, sink);
    if (a === null) return [];
    return [
      {
        path: checkPath(a.path, [...path, "path"], sink),
        sha256: scalarText(a.sha256, [...path, "sha256"], src),
        bytes: a.bytes ?? null,
        line: sink.lineOf(path),
      },
    ];
  });
}

function checkPath(ref: string | null | undefined, path: ReadonlyArray<string | number>, sink: IssueSink) {
  if (ref == null) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) return ref;
  const resolved = resolveRepoPath(sink.file, ref);
  if ("error" in resolved) {
    sink.schema(path, resolved.error);
    return null;
  }
  return ref;
}
