import type { Probot } from "probot";
import { StickyPendingError } from "../sticky-pending-error.ts";
import type { AppMetrics } from "./app-metrics.ts";
import { watchOctokit } from "./watch-octokit.ts";

/**
 * The same Probot, whose `on` wraps each handler: its GitHub requests counted, its time
 * observed, its outcome counted as handled or failed (by `event.action`). Everything else is
 * the Probot itself, so the handlers' registration code does not change.
 */
export function instrumentApp(app: Probot, metrics: AppMetrics): Probot {
  const on: Probot["on"] = (eventName, callback) =>
    app.on(eventName, async (context) => {
      const payload: object = context.payload;
      const action = "action" in payload && typeof payload.action === "string" ? `.${payload.action}` : "";
      const event = `${context.name}${action}`;
      watchOctokit(context.octokit, metrics);
      const stop = metrics.evaluationSeconds.startTimer({ event });
      try {
        await callback(context);
        metrics.handled.inc({ event });
      } catch (error) {
        metrics.failed.inc({ event });
        if (error instanceof StickyPendingError) metrics.stickyDeferred.inc(error.prs.length);
        throw error;
      } finally {
        stop();
      }
    });
  return new Proxy(app, {
    get(target, property) {
      if (property === "on") return on;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
