import { createHmac } from "node:crypto";

/**
 * A hidden marker that says "modelgate already answered this" (a reply to a comment, an
 * auto-rollback notice), signed and bound to the repository and PR. A writer can edit the App's
 * comments, but cannot make the marker for a comment that was never answered, so no one can
 * silence modelgate's answer to a future command by planting one.
 */
export function signedMarker(
  key: Buffer,
  kind: "reply" | "auto-rollback" | "label-restored",
  repo: string,
  pr: number,
  id: number | string,
): string {
  const sig = createHmac("sha256", key)
    .update(JSON.stringify(["modelgate-marker-v1", kind, repo.toLowerCase(), pr, id]))
    .digest("hex");
  return `<!-- modelgate:${kind} ${id} ${sig} -->`;
}
