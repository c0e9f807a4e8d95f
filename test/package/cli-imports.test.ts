import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../cli/run-cli.ts";

/** Every module the compiled CLI can load, following static and literal dynamic imports in dist/. */
async function importGraph(entry: string): Promise<{ files: string[]; packages: string[] }> {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const text = await readFile(file, "utf8");
    for (const m of text.matchAll(specifier)) {
      const spec = m[1] as string;
      if (spec.startsWith(".")) queue.push(path.resolve(path.dirname(file), spec));
      else if (!spec.startsWith("node:"))
        packages.add(
          spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : (spec.split("/")[0] as string),
        );
    }
  }
  return { files: [...files].map((f) => path.relative(REPO, f)), packages: [...packages].sort() };
}

describe("the CLI's import graph", () => {
  it("loads nothing of the App's server: no Probot, Redis, queue, metrics, logger or simulator", async () => {
    const graph = await importGraph(path.join(REPO, "dist/cli/main.js"));
    expect(graph.files.length).toBeGreaterThan(20);
    for (const pkg of ["probot", "ioredis", "bullmq", "prom-client", "pino", "tsx", "@octokit/webhooks"]) {
      expect(graph.packages, pkg).not.toContain(pkg);
    }
    expect(graph.files.filter((f) => f.startsWith("dist/sim/") || f.startsWith("dist/local/"))).toEqual([]);
    expect(graph.files).not.toContain("dist/index.js");
  });

  it("bin/modelgate.js runs dist/, not the TypeScript sources", async () => {
    const bin = await readFile(path.join(REPO, "bin/modelgate.js"), "utf8");
    expect(bin).toContain("../dist/cli/main.js");
    expect(bin).not.toMatch(/tsx|\.ts["']/);
  });
});

describe("the App's import graph", () => {
  it("needs only production dependencies (the Docker image installs --omit=dev)", async () => {
    const graph = await importGraph(path.join(REPO, "dist/index.js"));
    const pkg = JSON.parse(await readFile(path.join(REPO, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const undeclared = graph.packages.filter((p) => !(p in pkg.dependencies));
    expect(undeclared).toEqual([]);
    expect(graph.files.filter((f) => f.startsWith("dist/sim/"))).toEqual([]);
  });
});
