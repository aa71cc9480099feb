import type { Logger } from "probot";
import type { DigestRunReport } from "../jobs/run-digest.js";
import { makeSweepMemory, type SweepMemory } from "../jobs/sweep-memory.js";
import { readOnOff, systemClock, type SchedulerClock } from "./scheduler-clock.js";

/**
 * The optional in-process digest scheduler
 * (`DIGEST_SCHEDULER=on`). Every hour it runs each repository's digest in the scheduler's mode:
 * posted once the repository's local day and hour have passed, and only if this week's comment
 * does not exist yet, so a process that was down at the time catches up on its first run.
 * With `REDIS_URL`, only the replica holding the scheduler leader lease runs it (schedulers.ts).
 */

export interface DigestSchedulerOptions {
  /**
   * One sweep over every repository, in the scheduler's mode, leaving alone what
   * `memory.skip(now)` says and reading configs through `memory.configCache`.
   */
  sweep: (now: Date, memory: SweepMemory) => Promise<DigestRunReport[]>;
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

/** Starts sweeping now (to catch up), then every `intervalMs`; sweeps never overlap. */
export function startDigestScheduler(options: DigestSchedulerOptions): DigestScheduler {
  const clock = options.clock ?? systemClock;
  const interval = options.intervalMs ?? HOUR_MS;
  // What one sweep leaves for the next (sweep-memory.ts); a new one for each start, so a replica
  // that lost the leader lease forgets what it read.
  const memory = makeSweepMemory();
  let stopped = false;
  let timer: unknown = null;
  let running: Promise<void> = Promise.resolve();

  const tick = async () => {
    const now = clock.now();
    try {
      const reports = await options.sweep(now, memory);
      memory.record(reports, now);
      const posted = reports.filter((r) => r.outcome === "posted").map((r) => r.repo);
      options.log.info(
        { repositories: reports.length, posted, ...memory.sizes },
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
      memory.touch(repo);
    },
  };
}

/** `DIGEST_SCHEDULER`: "on" or "off" (default); anything else is a start-up error. */
export function readSchedulerSetting(env: Record<string, string | undefined>): boolean {
  return readOnOff(env, "DIGEST_SCHEDULER", false);
}
