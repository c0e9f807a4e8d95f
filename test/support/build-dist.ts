import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * vitest globalSetup: compiles src/ to dist/ (incremental, so an unchanged tree costs a few
 * seconds) before any test runs, because the tests that spawn bin/modelgate.js run dist/ as a
 * user would. A type error in src/ fails the run here, with tsc's own message.
 */
export default function buildDist(): void {
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
}
