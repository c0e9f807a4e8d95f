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

/**
 * Posts a webhook the way GitHub does: JSON body signed with HMAC-SHA256 of the secret.
 * Resolves to the receiver's HTTP status once it has answered (Probot answers after its handlers ran).
 */
export async function sendWebhook(delivery: WebhookDelivery): Promise<number> {
  const id = delivery.id ?? randomUUID();
  const body = JSON.stringify(delivery.payload);
  const response = await fetch(delivery.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/simulator",
      "x-github-event": delivery.name,
      "x-github-delivery": id,
      "x-github-hook-id": "1",
      "x-github-hook-installation-target-type": "integration",
      "x-hub-signature-256": signWebhook(delivery.secret, body),
    },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

export function signWebhook(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}
