#!/usr/bin/env node
// Starts the modelgate GitHub App with Probot's standard environment (APP_ID, PRIVATE_KEY or
// PRIVATE_KEY_PATH, WEBHOOK_SECRET, WEBHOOK_PATH, GHE_HOST, PORT, HOST, LOG_LEVEL …) in
// modelgate's own server, where the App's routes come before Probot's webhook middleware (in
// queue mode the webhook route answers 202 once the event is in Redis). Health check: GET /ping.
// Without APP_ID (Probot's setup flow, registering a new App) or with WEBHOOK_PROXY_URL (smee.io
// forwarding, for a trial), Probot's own server runs it: there its webhook middleware answers
// first, also in queue mode (200 once the event is in Redis).
// Runs the compiled JavaScript in dist/ (`npm run build`).
const { createProbot, run } = await import("probot");
const { default: modelgate, ModelgateOctokit, startModelgateServer } = await import("../dist/index.js");
if (!process.env.APP_ID || process.env.WEBHOOK_PROXY_URL) {
  await run(modelgate, { Octokit: ModelgateOctokit });
} else {
  // modelgate's request policy: a 10 s timeout per request, GitHub's rate-limit waits honoured.
  const probot = createProbot({ overrides: { Octokit: ModelgateOctokit } });
  const server = await startModelgateServer({
    probot,
    appFn: modelgate,
    port: Number(process.env.PORT) || 3000,
    host: process.env.HOST || "localhost",
  });
  process.once("SIGINT", () => void server.stop().finally(() => process.exit(0)));
}
