import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { REPO } from "../cli/run-cli.ts";

const exec = promisify(execFile);

interface PackFile {
  path: string;
}

/** What `npm pack` would put in the tarball (dry run; dist/ was built by the global setup). */
async function packedFiles(): Promise<string[]> {
  const { stdout } = await exec("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: REPO,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [pack] = JSON.parse(stdout) as Array<{ files: PackFile[] }>;
  return (pack?.files ?? []).map((f) => f.path).sort();
}

describe("npm pack: only what runs", () => {
  it("holds the CLI, the App, the schema and the documents a user reads", async () => {
    const files = await packedFiles();
    for (const f of [
      "package.json",
      "README.md",
      "LICENSE",
      "CHANGELOG.md",
      "bin/modelgate.js",
      "bin/app.js",
      "app.yml",
      "schema/modelgate.schema.json",
      "dist/cli/main.js",
      "dist/index.js",
    ]) {
      expect(files, f).toContain(f);
    }
  });

  it("holds no sources, tests, benchmarks, fixtures, simulator or build leftovers", async () => {
    const files = await packedFiles();
    const stray = files.filter(
      (f) =>
        /^(src|test|bench|fixtures|docs|\.ci|\.github)\//.test(f) ||
        /^dist\/(sim|local)\//.test(f) ||
        /^dist\/demo/.test(f) ||
        f.endsWith(".ts") ||
        f.endsWith(".map") ||
        f.endsWith(".tsbuildinfo") ||
        f === "bin/bench.js" ||
        f === "bin/demo.js",
    );
    expect(stray).toEqual([]);
  });

  it("is installable: not private, a bin, engines as strict as the dependencies'", async () => {
    const { readFile } = await import("node:fs/promises");
    const pkg = JSON.parse(await readFile(`${REPO}/package.json`, "utf8")) as Record<string, unknown>;
    expect(pkg.private).toBeUndefined();
    expect(pkg.bin).toEqual({ modelgate: "bin/modelgate.js" });
    // Probot 14 declares ^20.18.1 || >= 22; ours may not promise more.
    const probot = JSON.parse(await readFile(`${REPO}/node_modules/probot/package.json`, "utf8")) as {
      engines: { node: string };
    };
    expect(probot.engines.node.replaceAll(" ", "")).toBe("^20.18.1||>=22");
    expect((pkg.engines as { node: string }).node).toBe("^20.18.1 || >=22");
  });
});
