import { createHash } from "node:crypto";
import type { FileContent } from "./sim-types.ts";

/**
 * Object ids. Blobs get git's real id (`git hash-object`), so fixtures can be cross-checked
 * with git; trees and commits only need to be unique and stable, not git-compatible.
 */
export function blobSha(content: FileContent): string {
  if (typeof content !== "string") return content.oid ?? sha1(`sim-size-only\0${content.bytes}`);
  const bytes = Buffer.from(content, "utf8");
  return sha1(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes]));
}

export function sha1(data: string | Buffer): string {
  return createHash("sha1").update(data).digest("hex");
}

export function byteSize(content: FileContent): number {
  return typeof content === "string" ? Buffer.byteLength(content, "utf8") : content.bytes;
}
