import { toGitHubTime } from "./sim-clock.ts";

/** One attempt to deliver one event (a guid) to the App's webhook URL, as GitHub keeps it. */
export interface HookDelivery {
  id: number;
  guid: string;
  /** Simulator clock (GitHub's clock) when the attempt was made. */
  deliveredAt: number;
  redelivery: boolean;
  /** Seconds. */
  duration: number;
  /** GitHub's words: `OK`, `Invalid HTTP Response: 503`, `failed to connect to host`. */
  status: string;
  /** The App's HTTP status; 0 when no answer came (the App was down). */
  statusCode: number;
  event: string;
  action: string | null;
  installationId: number | null;
  repositoryId: number | null;
  url: string;
  request: { headers: Record<string, string>; payload: unknown };
  response: { headers: Record<string, string>; payload: string | null };
}

export type NewHookDelivery = Omit<HookDelivery, "id">;

/**
 * The App's webhook delivery log (`GET /app/hook/deliveries`): every attempt, failed or not,
 * kept in arrival order. A redelivery is a new attempt with the guid of the original.
 */
export class HookDeliveryLog {
  readonly #attempts: HookDelivery[] = [];
  /** Set by the simulator: sends an attempt's request again (`POST …/attempts`). */
  redeliver: (original: HookDelivery) => void = () => {
    throw new Error("the simulator has no webhook sender");
  };

  record(attempt: HookDelivery): HookDelivery {
    this.#attempts.push(attempt);
    return attempt;
  }

  /** Newest first, as GitHub lists them. */
  newestFirst(): HookDelivery[] {
    return [...this.#attempts].reverse();
  }

  get(id: number): HookDelivery | undefined {
    return this.#attempts.find((a) => a.id === id);
  }

  /** Every attempt for one event, oldest first. */
  attemptsOf(guid: string): HookDelivery[] {
    return this.#attempts.filter((a) => a.guid === guid);
  }

  get all(): readonly HookDelivery[] {
    return this.#attempts;
  }
}

/** GitHub classifies 200–399 as a successful delivery (the `status=success` filter). */
export function deliverySucceeded(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 400;
}

/** The list item (`hook-delivery-item` in GitHub's OpenAPI description). */
export function hookDeliveryItemJson(d: HookDelivery) {
  return {
    id: d.id,
    guid: d.guid,
    delivered_at: toGitHubTime(d.deliveredAt),
    redelivery: d.redelivery,
    duration: d.duration,
    status: d.status,
    status_code: d.statusCode,
    event: d.event,
    action: d.action,
    installation_id: d.installationId,
    repository_id: d.repositoryId,
    throttled_at: null,
  };
}

/** One delivery with its request and response (`hook-delivery`). */
export function hookDeliveryJson(d: HookDelivery) {
  return { ...hookDeliveryItemJson(d), url: d.url, request: d.request, response: d.response };
}
