import { countBySeverity, type Report } from "../report.ts";

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The one-line title of SPEC §4.1: `2 models · 1 error · 3 warnings`. */
export function headline(report: Report): string {
  const c = countBySeverity(report.findings);
  const parts = [
    plural(report.models.length, "model"),
    plural(c.errors, "error"),
    plural(c.warnings, "warning"),
  ];
  if (report.conclusion === "neutral" && report.models.length === 0) return "no model changed";
  return parts.join(" · ");
}
