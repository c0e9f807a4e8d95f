import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { LIMITS } from "../core/parse/safe-yaml.ts";
import type { FileContent } from "../core/types.ts";

/** git's test for a binary blob: a NUL byte in the first 8,000 bytes. */
const BINARY_PROBE_BYTES = 8000;

export const looksBinary = (bytes: Buffer): boolean => bytes.subarray(0, BINARY_PROBE_BYTES).includes(0);

/**
 * Reads a file of the checkout the way SPEC §1.3 asks: opened without following a link
 * (`O_NOFOLLOW`) and without blocking (`O_NONBLOCK`, so a FIFO cannot hang the open), then only
 * a regular file is read, and only as many bytes as `fstat` on the open descriptor says. A
 * device or FIFO is refused unread; a /proc file (size 0) reads as empty, never as its content.
 */
/** Read-only, never through a final link, never blocking on a FIFO (flags absent on Windows are 0). */
export const NO_FOLLOW_READ = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** At most `size` bytes from the start of an open file (fewer if it shrank meanwhile). */
export async function readUpTo(handle: FileHandle, size: number): Promise<Buffer> {
  const buffer = Buffer.alloc(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

export async function readRegularFile(full: string): Promise<FileContent> {
  let handle: FileHandle;
  try {
    handle = await open(full, NO_FOLLOW_READ);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Linux says ELOOP for O_NOFOLLOW on a link; some systems say EMLINK.
    if (code === "ELOOP" || code === "EMLINK") return { kind: "refused", reason: "is a symbolic link" };
    return { kind: "missing" };
  }
  try {
    const s = await handle.stat();
    if (s.isDirectory()) return { kind: "missing" };
    if (!s.isFile()) return { kind: "refused", reason: "is not a regular file (a device, FIFO or socket)" };
    if (s.size > LIMITS.maxFileBytes) return { kind: "too-large", bytes: s.size };
    return contentOf(await readUpTo(handle, s.size));
  } finally {
    await handle.close();
  }
}

/** A regular file's bytes, at most 1 MiB, as the engine sees them: text, or binary. */
export function contentOf(bytes: Buffer): FileContent {
  if (bytes.length > LIMITS.maxFileBytes) return { kind: "too-large", bytes: bytes.length };
  if (looksBinary(bytes)) return { kind: "binary", bytes: bytes.length };
  return { kind: "text", text: bytes.toString("utf8") };
}
