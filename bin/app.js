#!/usr/bin/env node
// Starts the modelgate GitHub App with Probot's standard environment (APP_ID, PRIVATE_KEY,
// WEBHOOK_SECRET, GHE_HOST, PORT, HOST, LOG_LEVEL …). Health check: GET /ping.
import { register } from "tsx/esm/api";

register();
const { run } = await import("probot");
const { default: modelgate } = await import("../src/index.ts");
await run(modelgate);
