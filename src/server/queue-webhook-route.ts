import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "probot";
import type { Delivery } from "./webhook-queue.ts";

export interface QueueWebhookRouteOptions {
  /** Where GitHub posts webhooks (Probot's `webhookPath`). */
  path: string;
  /** The App's signature check (`x-hub-signature-256` over the raw body, the webhook secret). */
  verify: (body: string, signature: string) => Promise<boolean>;
  /** Resolves once Redis holds the delivery; a rejection is a 503 (GitHub records a failed delivery). */
  accept: (delivery: Delivery) => Promise<void>;
  /** Each verified delivery, before it is accepted (the `received` metric). */
  onVerified?: (delivery: Delivery) => void;
  log: Logger;
}

/** GitHub caps a webhook payload at 25 MB; anything larger is not GitHub's. */
const MAX_BODY_BYTES = 25 * 1024 * 1024;
const JSON_TYPE = /^\s*application\/json\s*(?:;|$)/i;

type Answer = [status: number, body: string];

/**
 * The webhook route of queue mode (SPEC §4.6): verify the signature, hand the delivery's bytes to
 * the queue, answer 202 at once. No installation token, no Octokit, no handler runs here, and
 * the body is not parsed: the workers do that (SPEC §6's budget is this route's answer). What it
 * refuses it refuses as `@octokit/webhooks` does: 404 for another method, 415 for a body that is
 * not JSON, 400 for missing headers or a signature that does not match. A signed body that does
 * not parse (only a holder of the webhook secret can send one; GitHub never does) is answered
 * 202 and dropped with an error in the log when the queue takes it in.
 */
export function queueWebhookRoute(opts: QueueWebhookRouteOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (pathOf(req.url) !== opts.path) return false;
    const [status, body] = await answer(req, opts);
    res.writeHead(status, { "content-type": "application/json" }).end(body);
    return true;
  };
}

async function answer(req: IncomingMessage, opts: QueueWebhookRouteOptions): Promise<Answer> {
  if (req.method !== "POST") return refuse(404, `Unknown route: ${req.method} ${opts.path}`);
  if (!JSON_TYPE.test(req.headers["content-type"] ?? ""))
    return refuse(415, 'Unsupported "Content-Type" header value. Must be "application/json"');
  const name = header(req, "x-github-event");
  const id = header(req, "x-github-delivery");
  const signature = header(req, "x-hub-signature-256");
  if (name === undefined || id === undefined || signature === undefined) {
    const given = { "x-github-event": name, "x-hub-signature-256": signature, "x-github-delivery": id };
    const missing = Object.keys(given).filter((k) => given[k as keyof typeof given] === undefined);
    return refuse(400, `Required headers missing: ${missing.join(", ")}`);
  }
  const body = await readBody(req);
  if (body === null) return refuse(413, "Payload too large");
  if (!(await opts.verify(body.toString("utf8"), signature).catch(() => false)))
    return refuse(400, "signature does not match event payload and secret");
  const delivery: Delivery = { id, name, body };
  opts.onVerified?.(delivery);
  try {
    await opts.accept(delivery);
  } catch (err) {
    opts.log.error({ err, delivery: id, event: name }, "could not enqueue a webhook: answered 503");
    return refuse(503, "could not enqueue the event; GitHub records a failed delivery, recovered later");
  }
  return [202, JSON.stringify({ queued: id })];
}

const refuse = (status: number, error: string): Answer => [status, JSON.stringify({ error })];

function pathOf(url: string | undefined): string {
  const path = (url ?? "/").split("?")[0] ?? "/";
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The raw body (the signature is over these bytes), or null past the cap. */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (chunks.length > 0) {
        // Past the cap: answer now (413); the rest is read and dropped.
        chunks.length = 0;
        resolve(null);
      }
    });
    req.once("end", () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.once("error", reject);
  });
}
