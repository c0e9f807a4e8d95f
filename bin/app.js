#!/usr/bin/env node
// Starts the modelgate GitHub App with Probot's standard environment (APP_ID, PRIVATE_KEY,
// WEBHOOK_SECRET, GHE_HOST, PORT, HOST, LOG_LEVEL …). Health check: GET /ping.
// Runs the compiled JavaScript in dist/ (`npm run build`).
const { run } = await import("probot");
const { default: modelgate, ModelgateOctokit } = await import("../dist/index.js");
// modelgate's request policy: a 10 s timeout per request, GitHub's rate-limit waits honoured.
await run(modelgate, { Octokit: ModelgateOctokit });
