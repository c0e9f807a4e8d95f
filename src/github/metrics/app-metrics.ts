import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** What `/metrics` can ask of the queue when there is one (queue mode). */
export interface QueueStats {
  counts(): Promise<Record<"waiting" | "active" | "delayed" | "failed", number>>;
  /** Age in seconds of the oldest job still waiting, 0 when none waits. */
  oldestWaitingAgeSeconds(): Promise<number>;
}

/**
 * The App's Prometheus metrics (SPEC §4.6), in a registry of its own: several App instances in
 * one process (tests, benchmarks) do not add into each other's figures.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly received: Counter<"event">;
  readonly handled: Counter<"event">;
  readonly failed: Counter<"event">;
  readonly evaluationSeconds: Histogram<"event">;
  readonly githubRequests: Counter<"method" | "status">;
  readonly rateLimited: Counter<"kind">;
  readonly rateLimitWaitSeconds: Counter;
  readonly recovered: Counter<"event">;
  readonly stickyDeferred: Counter;
  readonly jobWaitSeconds: Histogram;
  #queue: QueueStats | undefined;

  constructor() {
    const registers = [this.registry];
    this.received = new Counter({
      name: "modelgate_events_received_total",
      help: "Webhook events received with a valid signature, by event name.",
      labelNames: ["event"],
      registers,
    });
    this.handled = new Counter({
      name: "modelgate_events_handled_total",
      help: "Webhook events whose handler finished, by event and action.",
      labelNames: ["event"],
      registers,
    });
    this.failed = new Counter({
      name: "modelgate_events_failed_total",
      help: "Webhook events whose handler threw, by event and action.",
      labelNames: ["event"],
      registers,
    });
    this.evaluationSeconds = new Histogram({
      name: "modelgate_evaluation_duration_seconds",
      help: "Time to handle one event (read, evaluate, publish), by event and action.",
      labelNames: ["event"],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.githubRequests = new Counter({
      name: "modelgate_github_requests_total",
      help: "Requests to GitHub's API, by method and HTTP status (0: no answer).",
      labelNames: ["method", "status"],
      registers,
    });
    this.rateLimited = new Counter({
      name: "modelgate_github_rate_limited_total",
      help: "GitHub answers that asked the App to wait (403/429 with retry-after or no quota left).",
      labelNames: ["kind"],
      registers,
    });
    this.rateLimitWaitSeconds = new Counter({
      name: "modelgate_github_rate_limit_wait_seconds_total",
      help: "Seconds GitHub asked the App to wait (retry-after, or until x-ratelimit-reset).",
      registers,
    });
    this.recovered = new Counter({
      name: "modelgate_deliveries_recovered_total",
      help: "Missed webhook deliveries the App asked GitHub to redeliver, by event.",
      labelNames: ["event"],
      registers,
    });
    this.stickyDeferred = new Counter({
      name: "modelgate_sticky_comments_deferred_total",
      help: "Sticky comments not written although the verdict was posted (GitHub refused the write); the redelivered or next event writes them.",
      registers,
    });
    this.jobWaitSeconds = new Histogram({
      name: "modelgate_queue_job_wait_seconds",
      help: "Queue mode: time from enqueue to a worker starting the job.",
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 600],
      registers,
    });
    const queue = () => this.#queue;
    new Gauge({
      name: "modelgate_queue_jobs",
      help: "Queue mode: jobs by state (waiting, active, delayed, failed).",
      labelNames: ["state"],
      registers,
      async collect() {
        const stats = queue();
        if (stats === undefined) return;
        for (const [state, n] of Object.entries(await stats.counts())) this.set({ state }, n);
      },
    });
    new Gauge({
      name: "modelgate_queue_oldest_job_age_seconds",
      help: "Queue mode: age of the oldest waiting job.",
      registers,
      async collect() {
        const stats = queue();
        if (stats !== undefined) this.set(await stats.oldestWaitingAgeSeconds());
      },
    });
  }

  /** Prometheus' standard process metrics (CPU, memory, event loop lag), for a serving App. */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry, prefix: "modelgate_" });
  }

  watchQueue(stats: QueueStats): void {
    this.#queue = stats;
  }
}
