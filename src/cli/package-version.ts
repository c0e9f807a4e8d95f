import { readFileSync } from "node:fs";

/**
 * The version in package.json, the one source of it. The file is two folders up from both
 * src/cli/ and dist/cli/, and `files` in package.json ships it (npm always does).
 */
export function packageVersion(): string {
  const text = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  const version: unknown = (JSON.parse(text) as { version?: unknown }).version;
  return typeof version === "string" ? version : "unknown";
}
