import { describe, expect, it } from "vitest";
import { diffByContent } from "../../src/core/diff-by-content.ts";

const tree = (o: Record<string, string>) => new Map(Object.entries(o));

describe("diffByContent", () => {
  it.each([
    { name: "nothing changed", base: { a: "1" }, head: { a: "1" }, out: [] },
    { name: "modified", base: { a: "1" }, head: { a: "2" }, out: [{ path: "a", status: "modified" }] },
    {
      name: "added and removed",
      base: { a: "1" },
      head: { b: "2" },
      out: [
        { path: "a", status: "removed" },
        { path: "b", status: "added" },
      ],
    },
    {
      name: "a move is a rename",
      base: { "x/a": "1" },
      head: { "y/a": "1" },
      out: [{ path: "y/a", status: "renamed", previousPath: "x/a" }],
    },
    {
      name: "two copies of one content: one rename, one add",
      base: { a: "1" },
      head: { b: "1", c: "1" },
      out: [
        { path: "b", status: "renamed", previousPath: "a" },
        { path: "c", status: "added" },
      ],
    },
  ])("$name", ({ base, head, out }) => {
    expect(diffByContent(tree(base), tree(head))).toEqual(out);
  });
});
