import { appendFile } from "node:fs/promises";

/** GitHub refuses a step summary over 1 MiB (and then shows none of it). */
const MAX_SUMMARY_BYTES = 1024 * 1024;
const NOTE = "\n\n… truncated: the job summary is limited to 1 MiB; the job log has every finding.\n";

/** Appends Markdown to GITHUB_STEP_SUMMARY, cut below GitHub's limit. */
export async function appendStepSummary(file: string, markdown: string): Promise<void> {
  const bytes = Buffer.from(markdown, "utf8");
  const room = MAX_SUMMARY_BYTES - Buffer.byteLength(NOTE) - 1;
  const text =
    bytes.length <= room
      ? markdown
      : `${bytes
          .subarray(0, room)
          .toString("utf8")
          .replace(/\uFFFD$/, "")}${NOTE}`;
  await appendFile(file, `${text}\n`);
}
