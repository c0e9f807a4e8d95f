#!/usr/bin/env node
// The modelgate command: runs the compiled JavaScript in dist/ (`npm run build`, run by
// `prepare` on install), with no TypeScript compiler at run time and none of the App's server code.
import { main } from "../dist/cli/main.js";

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
