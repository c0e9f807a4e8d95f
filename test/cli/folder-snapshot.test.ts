import { execFileSync } from "node:child_process";
import { symlink } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FolderSide } from "../../src/cli/folder-snapshot.ts";
import { tempDir, writeTree } from "./run-cli.ts";

/**
 * A read after the walk: a path the walk proved absent is missing without asking the disk, and
 * every other path reads as a read from disk does (the walk skips some folders and files).
 */
describe("FolderSide.read after the walk", () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let side: FolderSide;
  beforeAll(async () => {
    dir = await tempDir();
    await writeTree(dir.dir, {
      "models/a/README.md": "# a\n",
      "node_modules/pkg/README.md": "# pkg\n",
      "b.md": "# b\n",
    });
    await symlink(path.join(dir.dir, "models"), path.join(dir.dir, "linked"));
    execFileSync("mkfifo", [path.join(dir.dir, "models", "pipe")]);
    side = new FolderSide(dir.dir);
    await side.files();
  });
  afterAll(async () => dir.remove());

  it.each([
    ["a file the walk read", "models/a/README.md", { kind: "text", text: "# a\n" }],
    ["a path nothing is at", "models/a/config.json", { kind: "missing" }],
    ["below a folder that does not exist", "models/zz/README.md", { kind: "missing" }],
    ["below a file", "b.md/README.md", { kind: "missing" }],
    ["a folder", "models/a", { kind: "missing" }],
    ["in a folder the walk skips", "node_modules/pkg/README.md", { kind: "text", text: "# pkg\n" }],
    [
      "through a link",
      "linked/a/README.md",
      { kind: "refused", reason: "passes through linked, which is a symbolic link" },
    ],
    ["a path with ..", "models/../b.md", { kind: "text", text: "# b\n" }],
  ])("%s", async (_name, rel, expected) => {
    expect(await side.read(rel)).toEqual(expected);
  });

  it("a FIFO is refused, not missing", async () => {
    const read = await side.read("models/pipe");
    expect(read.kind).toBe("refused");
  });
});
