import type { Logger } from "probot";
import type { RepoSyncReport } from "../jobs/sync-repository.js";
import { readOnOff, systemClock, type SchedulerClock } from "./scheduler-clock.js";

/**
 * The in-process reconcile (`RECONCILE_SCHEDULER`, on by default): GitHub never redelivers a
 * webhook by itself, so a merge that happened while the app was down, or whose delivery failed,
 * would otherwise never be filed. A while after start-up (so a restart loop does not hammer
 * GitHub), then once a day, it runs the same reconcile as `postmortem-tracker sync --all`: every
 * tracked postmortem, and untracked ones changed within `backfillDays`. It is idempotent and
 * takes the repository lock, so replicas running it too are safe, only wasteful; with
 * `REDIS_URL` only the scheduler leader runs it (schedulers.ts).
 */

export const RECONCILE_FIRST_DELAY_MS = 10 * 60_000;
export const RECONCILE_INTERVAL_MS = 24 * 3_600_000;

export interface ReconcileSchedulerOptions {
  /** One reconcile of every installation, with today's date (YYYY-MM-DD, UTC). */
  sweep: (today: string) => Promise<RepoSyncReport[]>;
  log: Logger;
  clock?: SchedulerClock;
  firstDelayMs?: number;
  intervalMs?: number;
}

export interface ReconcileScheduler {
  /** Stops the timer and waits for a sweep in progress to end. */
  stop: () => Promise<void>;
  /** Resolves when the sweep in progress (if any) has ended; for tests. */
  idle: () => Promise<void>;
}

/** Sweeps after `firstDelayMs`, then every `intervalMs`; sweeps never overlap. */
export function startReconcileScheduler(options: ReconcileSchedulerOptions): ReconcileScheduler {
  const clock = options.clock ?? systemClock;
  const interval = options.intervalMs ?? RECONCILE_INTERVAL_MS;
  let stopped = false;
  let timer: unknown = null;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    try {
      const reports = await options.sweep(clock.now().toISOString().slice(0, 10));
      const created = reports
        .flatMap((r) => r.postmortems)
        .reduce((n, p) => n + (p.counts?.created ?? 0), 0);
      const failed = reports.filter((r) => r.error !== null).map((r) => r.repo);
      options.log.info({ repositories: reports.length, created, failed }, "reconcile done");
    } catch (error) {
      // The next sweep tries again; one failure must not stop the scheduler.
      options.log.error({ err: error }, "reconcile failed");
    }
  };

  const schedule = (delay: number) => {
    if (stopped) return;
    timer = clock.setTimeout(() => {
      running = tick().then(() => {
        schedule(interval);
      });
    }, delay);
  };

  schedule(options.firstDelayMs ?? RECONCILE_FIRST_DELAY_MS);
  options.log.info({ everyMs: interval }, "reconcile scheduler started");
  return {
    stop: async () => {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      await running;
    },
    idle: () => running,
  };
}

/** `RECONCILE_SCHEDULER`: "on" (default) or "off"; anything else is a start-up error. */
export function readReconcileSetting(env: Record<string, string | undefined>): boolean {
  return readOnOff(env, "RECONCILE_SCHEDULER", true);
}
