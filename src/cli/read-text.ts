import { readFile, stat } from "node:fs/promises";
import { UsageError } from "./usage-error.ts";

const READ_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "it is a folder",
  EACCES: "permission denied",
};

/** A file the user named; a failure says which file and why, in words. */
export async function readText(file: string, what = "file"): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    throw new Error(`cannot read the ${what} ${file}: ${READ_ERRORS[code] ?? (code || String(err))}`);
  }
}

/** A folder flag (`--head-dir`) must name a folder. */
export async function assertDir(dir: string, flag: string, command: "check" | "ci" = "check"): Promise<void> {
  const s = await stat(dir).catch(() => null);
  if (!s?.isDirectory()) throw new UsageError(`${flag} ${dir} is not a folder`, command);
}
