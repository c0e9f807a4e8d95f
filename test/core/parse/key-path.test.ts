import { describe, expect, it } from "vitest";
import { formatKeyPath, splitKeyPath } from "../../../src/core/parse/key-path.ts";

describe("key paths", () => {
  it.each([
    {
      path: ["model-index", 0, "results", 1, "metrics", 0, "value"],
      text: "model-index[0].results[1].metrics[0].value",
    },
    { path: ["code", "commit"], text: "code.commit" },
    { path: [], text: "(top level)" },
  ])("formats $text", ({ path, text }) => {
    expect(formatKeyPath(path)).toBe(text);
  });

  it.each([
    { dotted: "data.train.version", path: ["data", "train", "version"] },
    { dotted: "artifacts.0.sha256", path: ["artifacts", 0, "sha256"] },
    { dotted: "artifacts[0].sha256", path: ["artifacts", 0, "sha256"] },
    { dotted: "a[1][2]", path: ["a", 1, 2] },
  ])("splits $dotted", ({ dotted, path }) => {
    expect(splitKeyPath(dotted)).toEqual(path);
  });
});
