#!/usr/bin/env node
// Starts the modelgate GitHub App with Probot's standard environment (APP_ID, PRIVATE_KEY,
// WEBHOOK_SECRET, GHE_HOST, PORT, HOST, LOG_LEVEL …). Health check: GET /ping.
// Runs the compiled JavaScript in dist/ (`npm run build`).
const { run } = await import("probot");
const { default: modelgate } = await import("../dist/index.js");
await run(modelgate);
