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
  log?: { error: (fields: object, message: string) => void };
}

/**
 * When GitHub gets its answer. `at-once`: as soon as the delivery is verified and its handlers
 * have started, so every delivery is answered in well under a second whatever the postmortem's
 * size (GitHub gives up at 10 s); the work goes on, is waited for by a graceful shutdown, and what
 * a killed process leaves undone is found again by marker by the reconcile or a redelivery.
 * `after-handling`: once the handlers end (Probot's own behaviour, 202 after 9 s), so that
 * GitHub's delivery log shows a failed run as an error.
 */
export type WebhookAnswer = "at-once" | "after-handling";

/** `WEBHOOK_ANSWER`, `at-once` by default; anything else is refused with a sentence. */
export function readWebhookAnswer(env: Record<string, string | undefined>): WebhookAnswer {
  const value = (env.WEBHOOK_ANSWER ?? "").trim();
  if (value === "") return "at-once";
  if (value === "at-once" || value === "after-handling") return value;
  throw new Error(
    `WEBHOOK_ANSWER must be "at-once" (the default: answer GitHub at once, work on) or "after-handling" (answer when the work ends), not "${value}".`,
  );
}

type AnyHandler = (context: DeliveryContext) => unknown;

/**
 * Wraps `app.on` so that every handler registered after this call is counted while it runs and
 * measured (event, outcome, time) when it ends, and, with `at-once`, runs detached so that the
 * delivery is answered before the work is done. Probot answers GitHub after 9 s with 202 and lets
 * the handlers go on, so the HTTP exchange says nothing about when work ends: the handlers do.
 * Call it before the app function registers its handlers.
 */
export function trackDeliveries(
  app: Probot,
  metrics: AppMetrics | null,
  answer: WebhookAnswer = "after-handling",
): InFlight {
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
  const measured = async (handler: AnyHandler, context: DeliveryContext): Promise<unknown> => {
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
  const wrap =
    (handler: AnyHandler): AnyHandler =>
    (context) => {
      count += 1;
      const run = measured(handler, context);
      if (answer === "after-handling") return run;
      // Answered already: nobody awaits this run, so its failure is told here, not by Probot.
      run.catch((error: unknown) => {
        context.log?.error(
          { err: error, event: eventName(context) },
          "handling a delivery failed after it was answered; a redelivery or the reconcile finishes it",
        );
      });
      return undefined;
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
