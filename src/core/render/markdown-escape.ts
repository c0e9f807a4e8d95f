/**
 * Text from a PR (metric names, messages quoting file content) is untrusted: escape what would
 * break a table or inject markup or mentions into our comment.
 */
export function mdEscape(s: string): string {
  return s
    .replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`)
    .replace(/@(?=[A-Za-z0-9])/g, "@\u200b")
    .replace(/\r?\n/g, " ");
}
