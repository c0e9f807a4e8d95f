import type { IncomingMessage, ServerResponse } from "node:http";
import { Redis } from "ioredis";
import type { ApplicationFunctionOptions, Probot } from "probot";
import type { EnvironmentLock } from "../github/commands/environment-lock.ts";
import { createEnvironmentLock } from "../github/commands/redis-lock.ts";
import { AppMetrics } from "../github/metrics/app-metrics.ts";
import { instrumentApp } from "../github/metrics/instrument-app.ts";
import { type Recovery, startRecovery } from "../github/recover/start-recovery.ts";
import { MemorySweepMarker, RedisSweepMarker } from "../github/recover/sweep-marker.ts";
import type { AppConfig } from "./app-config.ts";
import { metricsRoute } from "./metrics-route.ts";
import { queueWebhookRoute } from "./queue-webhook-route.ts";
import { WebhookQueue } from "./webhook-queue.ts";

export interface ServeOptions extends AppConfig {
  /** The App's handlers, given the Probot they register on and the lock. */
  register: (app: Probot, lock: EnvironmentLock) => void;
  /** A lock shared with others (tests); by default one of the App's own, from `redisUrl`. */
  lock?: EnvironmentLock;
  /** Queue mode: a second Probot, configured as the first, on which the workers run the handlers. */
  createProbot?: () => Probot;
  /** Prometheus' default process metrics (CPU, memory, event loop); default on. */
  defaultMetrics?: boolean;
}

export interface ServedApp {
  metrics: AppMetrics;
  recovery: Recovery | null;
  queue: WebhookQueue | null;
  /** Stops the sweeps, drains the queue's jobs in flight, closes connections. */
  close(): Promise<void>;
  /** Stops as a crash would (the queue's jobs in flight are left to other replicas). For tests. */
  abandon(): Promise<void>;
}

/**
 * Everything around the handlers (SPEC §4.6): `/metrics`, the recovery sweeps, and in queue
 * mode the durable queue. Without a server (a bare `probot.receive`, as in adapter tests)
 * there is no route to add, and no sweeps run either.
 */
export async function serveModelgate(
  app: Probot,
  options: ApplicationFunctionOptions | undefined,
  config: ServeOptions,
): Promise<ServedApp> {
  const metrics = new AppMetrics();
  const serving = addRoute(options, metricsRoute(metrics.registry));
  if (serving && (config.defaultMetrics ?? true)) metrics.collectProcessMetrics();
  const lock = config.lock ?? createEnvironmentLock(config.redisUrl);
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 })
    : null;
  redis?.on("error", (err) => app.log.warn({ err }, "Redis error"));

  let queue: WebhookQueue | null = null;
  if (config.queue && config.createProbot && redis) {
    const handlers = instrumentApp(config.createProbot(), metrics);
    const q = new WebhookQueue(handlers, metrics, app.log, redis, config.queue);
    queue = q;
    // The webhook route: verify, enqueue, 202 (in modelgate's server, where it comes first).
    addRoute(
      options,
      queueWebhookRoute({
        path: app.webhookPath,
        verify: (body, signature) => app.webhooks.verify(body, signature),
        onVerified: (delivery) => metrics.received.inc({ event: delivery.name }),
        accept: (delivery) => q.accept(delivery),
        log: app.log,
      }),
    );
    // Under Probot's own server its middleware answers first: Probot has verified the signature
    // (and built an installation Octokit), the event is answered 200 once Redis holds it.
    app.onAny(async (context) => {
      metrics.received.inc({ event: context.name });
      await q.enqueue({ id: context.id, name: context.name, payload: context.payload });
    });
    config.register(handlers, lock);
  } else {
    app.onAny((context) => {
      metrics.received.inc({ event: context.name });
    });
    config.register(instrumentApp(app, metrics), lock);
  }

  const recovery =
    serving && config.recover
      ? startRecovery(
          app,
          {
            lock,
            marker: redis ? new RedisSweepMarker(redis) : new MemorySweepMarker(),
            metrics,
            log: app.log,
          },
          config.recover,
        )
      : null;

  const release = async () => {
    if (!config.lock) await lock.close();
    await redis?.quit().catch(() => redis.disconnect());
  };
  return {
    metrics,
    recovery,
    queue,
    async close() {
      await recovery?.stop();
      await queue?.close();
      await release();
    },
    async abandon() {
      await recovery?.stop();
      await queue?.abandon();
      await release();
    },
  };
}

/** Probot's `load` without a server gives an `addHandler` that throws: then nothing is served. */
function addRoute(
  options: ApplicationFunctionOptions | undefined,
  route: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>,
): boolean {
  if (!options?.addHandler) return false;
  try {
    options.addHandler(route);
    return true;
  } catch {
    return false;
  }
}
