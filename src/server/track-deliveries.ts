import type { Probot } from "probot";
import type { AppMetrics } from "./metrics.js";

/** The deliveries whose handlers are still running, so a shutdown can wait for them. */
export interface InFlight {
  readonly count: number;
  /** Resolves when no handler is running (at once if none is). */
  idle: () => Promise<void>;
}

interface DeliveryContext {
  name?: unknown;
  payload?: { action?: unknown };
}

type AnyHandler = (context: DeliveryContext) => unknown;

/**
 * Wraps `app.on` so that every handler registered after this call is counted while it runs and
 * measured (event, outcome, time) when it ends. Probot answers GitHub after 9 s with 202 and lets
 * the handlers go on, so the HTTP exchange says nothing about when work ends: the handlers do.
 * Call it before the app function registers its handlers.
 */
export function trackDeliveries(app: Probot, metrics: AppMetrics | null): InFlight {
  let count = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    count -= 1;
    if (count > 0) return;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve();
  };
  const on = app.on.bind(app) as (events: unknown, handler: AnyHandler) => void;
  const wrap =
    (handler: AnyHandler): AnyHandler =>
    async (context) => {
      count += 1;
      const event = eventName(context);
      const stopTimer = metrics?.handlingSeconds.startTimer({ event });
      let outcome = "error";
      try {
        const result = await handler(context);
        outcome = "ok";
        return result;
      } finally {
        stopTimer?.();
        metrics?.deliveries.inc({ event, outcome });
        settle();
      }
    };
  (app as { on: unknown }).on = (events: unknown, handler: AnyHandler) => {
    on(events, wrap(handler));
  };
  return {
    get count() {
      return count;
    },
    idle: () =>
      count === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiters.push(resolve);
          }),
  };
}

function eventName(context: DeliveryContext): string {
  const name = typeof context.name === "string" ? context.name : "unknown";
  const action = context.payload?.action;
  return typeof action === "string" ? `${name}.${action}` : name;
}
