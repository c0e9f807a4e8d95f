import type { Context } from "probot";
import type { DeliveryAttempt } from "./pick-redeliveries.ts";

/** What a sweep asks of GitHub's delivery log, with the App's own credentials (its JWT). */
export interface DeliveryLogPort {
  /** Attempts newest first, a page at a time. */
  pages(): AsyncIterable<DeliveryAttempt[]>;
  /** The newest attempts (one page). */
  latest(): Promise<DeliveryAttempt[]>;
  redeliver(deliveryId: number): Promise<void>;
}

type AppClient = Context["octokit"];

const PER_PAGE = 100;

/** The port on an Octokit authenticated as the App (`app.auth()` without an installation). */
export function octokitDeliveryLog(octokit: AppClient): DeliveryLogPort {
  return {
    async *pages() {
      const pages = octokit.paginate.iterator(octokit.rest.apps.listWebhookDeliveries, {
        per_page: PER_PAGE,
      });
      for await (const page of pages) yield page.data.map(toAttempt);
    },
    async latest() {
      const { data } = await octokit.rest.apps.listWebhookDeliveries({ per_page: PER_PAGE });
      return data.map(toAttempt);
    },
    async redeliver(deliveryId) {
      await octokit.rest.apps.redeliverWebhookDelivery({ delivery_id: deliveryId });
    },
  };
}

interface DeliveryItem {
  id: number | bigint;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
  event: string;
  action: string | null;
}

function toAttempt(d: DeliveryItem): DeliveryAttempt {
  return {
    id: Number(d.id),
    guid: d.guid,
    deliveredAt: Date.parse(d.delivered_at),
    redelivery: d.redelivery,
    statusCode: d.status_code,
    event: d.event,
    action: d.action,
  };
}
