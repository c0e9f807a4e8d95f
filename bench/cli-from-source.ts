// The CLI as it started before the build (tsx compiling src/ on every run): the "before" column
// of the start-up benchmark (bench/startup-bench.ts). Run as `node --import tsx bench/cli-from-source.ts`.
import { main } from "../src/cli/main.ts";

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
