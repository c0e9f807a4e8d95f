import { createHmac, randomUUID } from "node:crypto";

export interface WebhookDelivery {
  /** The event name, sent as X-GitHub-Event: `pull_request`, `issue_comment`, … */
  name: string;
  payload: unknown;
  secret: string;
  url: string;
  /** X-GitHub-Delivery; a fresh UUID by default. Reuse one to simulate a redelivery. */
  id?: string;
}

/** What one attempt came to: the App's answer, or none (`statusCode` 0) when it could not be reached. */
export interface WebhookAttempt {
  guid: string;
  requestHeaders: Record<string, string>;
  statusCode: number;
  /** GitHub's words for the outcome, as its delivery log shows them. */
  status: string;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  /** Seconds. */
  duration: number;
  /** Set when no answer came. */
  error?: unknown;
}

/**
 * Posts a webhook the way GitHub does: JSON body signed with HMAC-SHA256 of the secret.
 * Resolves to the receiver's HTTP status once it has answered (Probot answers after its handlers
 * ran); rejects when the receiver cannot be reached.
 */
export async function sendWebhook(delivery: WebhookDelivery): Promise<number> {
  const attempt = await attemptWebhook(delivery);
  if (attempt.error !== undefined) throw attempt.error;
  return attempt.statusCode;
}

/** One delivery attempt that never throws: a receiver that is down is an outcome too. */
export async function attemptWebhook(delivery: WebhookDelivery): Promise<WebhookAttempt> {
  const guid = delivery.id ?? randomUUID();
  const body = JSON.stringify(delivery.payload);
  const requestHeaders = {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/simulator",
    "x-github-event": delivery.name,
    "x-github-delivery": guid,
    "x-github-hook-id": "1",
    "x-github-hook-installation-target-type": "integration",
    "x-hub-signature-256": signWebhook(delivery.secret, body),
  };
  const started = performance.now();
  const seconds = () => Math.round(performance.now() - started) / 1000;
  try {
    const response = await fetch(delivery.url, { method: "POST", headers: requestHeaders, body });
    const text = await response.text();
    return {
      guid,
      requestHeaders,
      statusCode: response.status,
      status: response.ok ? "OK" : `Invalid HTTP Response: ${response.status}`,
      responseHeaders: Object.fromEntries(response.headers),
      responseBody: text,
      duration: seconds(),
    };
  } catch (error) {
    return {
      guid,
      requestHeaders,
      statusCode: 0,
      status: "failed to connect to host",
      responseHeaders: {},
      responseBody: null,
      duration: seconds(),
      error,
    };
  }
}

export function signWebhook(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}
