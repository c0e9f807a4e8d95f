/** A stage's `cmd` as DVC writes it in dvc.yaml and dvc.lock: one string, or a list run in order. */
export function stageCommand(cmd: unknown): string | null {
  if (typeof cmd === "string") return cmd;
  return Array.isArray(cmd) ? cmd.map(String).join(" && ") : null;
}
