import { describe, expect, it } from "vitest";
import { resolveRepoPath } from "../../../src/core/parse/resolve-repo-path.ts";

describe("resolveRepoPath", () => {
  it.each([
    { from: "models/fraud/MODEL_CARD.md", ref: "experiment.yml", path: "models/fraud/experiment.yml" },
    { from: "models/fraud/MODEL_CARD.md", ref: "./runs/exp.yml", path: "models/fraud/runs/exp.yml" },
    { from: "models/fraud/MODEL_CARD.md", ref: "runs/./exp.yml", path: "models/fraud/runs/exp.yml" },
    { from: "models/fraud/MODEL_CARD.md", ref: "runs//exp.yml", path: "models/fraud/runs/exp.yml" },
    { from: "models/fraud/MODEL_CARD.md", ref: "/experiments/fraud.yml", path: "experiments/fraud.yml" },
    { from: "MODEL_CARD.md", ref: "experiment.yml", path: "experiment.yml" },
    { from: "a/b.md", ref: "/x", path: "x" },
  ])("$from + $ref → $path", ({ from, ref, path }) => {
    expect(resolveRepoPath(from, ref)).toEqual({ path });
  });

  it.each([
    { ref: "", reason: "empty" },
    { ref: "   ", reason: "empty" },
    { ref: "../other/experiment.yml", reason: '".." segment' },
    { ref: "runs/../../x.yml", reason: '".." segment' },
    { ref: "/../etc/passwd", reason: '".." segment' },
    { ref: "runs\\exp.yml", reason: "backslash" },
    { ref: "exp\0.yml", reason: "NUL" },
    { ref: "/./", reason: "repository root" },
    { ref: "/./", reason: "repository root" },
    { ref: "s3://bucket/exp.yml", reason: "URL" },
  ])("refuses $ref ($reason)", ({ ref, reason }) => {
    const r = resolveRepoPath("m/MODEL_CARD.md", ref);
    expect("error" in r ? r.error : null).toContain(reason);
  });

  it("refuses `.` at the root folder: it points at the repository itself", () => {
    expect(resolveRepoPath("MODEL_CARD.md", "./")).toHaveProperty("error");
  });
});
