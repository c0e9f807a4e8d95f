import { describe, expect, it } from "vitest";
import { closestWord } from "../../../src/core/policy/closest-word.ts";
import { formatOptionPath } from "../../../src/core/policy/format-option-path.ts";

describe("formatOptionPath", () => {
  it.each([
    [[], "the policy"],
    [["gates", "evaluation", "metrics", 0, "direction"], "gates.evaluation.metrics[0].direction"],
    [["models", "fraud-*", "gates"], 'models["fraud-*"].gates'],
    [["models", "fraud-detector"], "models.fraud-detector"],
    [["models", "a b"], 'models["a b"]'],
  ])("%j → %s", (path, text) => {
    expect(formatOptionPath(path)).toBe(text);
  });
});

describe("closestWord", () => {
  it.each([
    ["documentaton", ["documentation", "versioning"], "documentation"],
    ["versoining", ["documentation", "versioning"], "versioning"],
    ["min-n", ["required", "max_drop", "min_n"], "min_n"],
    ["Gates", ["gates"], "gates"],
    ["colour", ["name", "split"], null],
    ["x", ["y"], null],
  ])("%s among %j → %s", (word, candidates, expected) => {
    expect(closestWord(word, candidates)).toBe(expected);
  });
});
