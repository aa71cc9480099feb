import type { Logger } from "probot";
import { digestSlot } from "../core/digest/schedule.js";
import type { DigestRunReport, ListedRepo } from "../jobs/run-digest.js";
import { makeQuietRepositories } from "./quiet-repositories.js";
import { readOnOff, systemClock, type SchedulerClock } from "./scheduler-clock.js";

/**
 * The optional in-process digest scheduler
 * (`DIGEST_SCHEDULER=on`). Every hour it runs each repository's digest in the scheduler's mode:
 * posted once the repository's local day and hour have passed, and only if this week's comment
 * does not exist yet, so a process that was down at the time catches up on its first run.
 * With `REDIS_URL`, only the replica holding the scheduler leader lease runs it (schedulers.ts).
 */

export interface DigestSchedulerOptions {
  /** One sweep over every repository, in the scheduler's mode, skipping what `skip` says. */
  sweep: (
    now: Date,
    skip: (repo: string, listed: ListedRepo) => boolean,
  ) => Promise<DigestRunReport[]>;
  log: Logger;
  clock?: SchedulerClock;
  /** Time between sweeps; an hour. */
  intervalMs?: number;
}

export interface DigestScheduler {
  /** Stops the timer and waits for a sweep in progress to end. */
  stop: () => Promise<void>;
  /** Resolves when the sweep in progress (if any) has ended; for tests. */
  idle: () => Promise<void>;
  /** Something happened to `owner/name`'s issues (a webhook): read it on the next sweep. */
  touch: (repo: string) => void;
}

export const HOUR_MS = 3_600_000;

/** Outcomes after which a repository needs nothing more this week. */
const SETTLED = new Set<DigestRunReport["outcome"]>(["posted", "already-posted", "lost-race"]);

/** Starts sweeping now (to catch up), then every `intervalMs`; sweeps never overlap. */
export function startDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const clock = options.clock ?? systemClock;
  const interval = options.intervalMs ?? HOUR_MS;
  // Repositories whose digest is settled for a week (in their own time zone): no reads until then.
  const settled = new Map<string, { week: string; timezone: string }>();
  // Repositories where nothing is tracked: read again only when something may have changed that.
  const quiet = makeQuietRepositories();
  let stopped = false;
  let timer: unknown = null;
  let running: Promise<void> = Promise.resolve();

  const isSettled = (now: Date) => (repo: string) => {
    const done = settled.get(repo);
    if (done === undefined) return false;
    const slot = digestSlot(now, {
      enabled: true,
      day: "monday",
      hour: 0,
      timezone: done.timezone,
    });
    return slot.week === done.week;
  };

  const tick = async () => {
    const now = clock.now();
    try {
      const settledNow = isSettled(now);
      const reports = await options.sweep(now, (repo, listed) => {
        // Asked first: it notes what the listing said, for `record` below.
        const unchanged = quiet.isQuiet(repo, listed, now);
        return settledNow(repo) || unchanged;
      });
      for (const r of reports) {
        if (SETTLED.has(r.outcome) && r.week !== null && r.timezone !== null)
          settled.set(r.repo, { week: r.week, timezone: r.timezone });
        quiet.record(r.repo, r.outcome === "nothing-tracked", now);
      }
      const posted = reports.filter((r) => r.outcome === "posted").map((r) => r.repo);
      options.log.info(
        { repositories: reports.length, posted, quiet: quiet.size },
        "digest sweep done",
      );
    } catch (error) {
      // The next sweep tries again; one failure must not stop the scheduler.
      options.log.error({ err: error }, "digest sweep failed");
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

  running = tick().then(() => {
    schedule(interval);
  });
  options.log.info({ everyMs: interval }, "digest scheduler started");
  return {
    stop: async () => {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      await running;
      options.log.info("digest scheduler stopped");
    },
    idle: () => running,
    touch: (repo) => {
      quiet.touch(repo);
    },
  };
}

/** `DIGEST_SCHEDULER`: "on" or "off" (default); anything else is a start-up error. */
export function readSchedulerSetting(env: Record<string, string | undefined>): boolean {
  return readOnOff(env, "DIGEST_SCHEDULER", false);
}
