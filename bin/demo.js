#!/usr/bin/env node
// `npm run demo`: the App's main job on fixtures/demo against a local GitHub simulator (dist/).
const { runDemo } = await import("../dist/demo.js");
process.exitCode = await runDemo();
