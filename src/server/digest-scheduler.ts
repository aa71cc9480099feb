import type { Logger } from "probot";
import type { DigestRunReport } from "../jobs/run-digest.js";
import { makeSweepMemory, type SweepMemory } from "../jobs/sweep-memory.js";
import { askStore, type SweepMemoryStore } from "./redis-sweep-memory.js";
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
  /**
   * With `REDIS_URL`: where the memory outlives this leader (loaded before the first sweep, saved
   * after each) and where other replicas' `issues` webhooks leave their touches (taken before
   * each sweep). Without it the memory lives and dies with this scheduler.
   */
  memoryStore?: SweepMemoryStore;
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
  const store = options.memoryStore;
  // What one sweep leaves for the next (sweep-memory.ts). Without a store, a new one for each
  // start: a replica that lost the leader lease forgets what it read. With one, every leader
  // starts from the last one's memory. That is safe for the same reason as the CLI's --state file
  // (sweep-state-file.ts): nothing in it is true only for the process that wrote it. A settled
  // digest is kept for its ISO week, a config for the listing's `pushed_at`, a quiet repository
  // for its `pushed_at` and open-issue count (and 25 hours at most), and each is checked against
  // this sweep's clock and listing; a stale one costs a read, never a missed digest. A deposed
  // leader finishing its sweep may save once more over the new leader's memory: an older memory,
  // checked the same way (at worst a touch it missed waits for the repository's hour, as
  // quiet-repositories.ts allows), which the new leader's next save replaces. It saves all the
  // same, so that a graceful shutdown's last sweep is not lost to the next leader.
  let memory = makeSweepMemory();
  /** Touches that came before the stored memory replaced `memory` (then applied to it too). */
  let touchedBeforeLoad: string[] | null = store === undefined ? null : [];
  let stopped = false;
  let timer: unknown = null;
  let running: Promise<void> = Promise.resolve();

  const load = async (from: SweepMemoryStore) => {
    const loaded = await askStore(() => from.load(), { state: null });
    if (loaded.problem !== null)
      options.log.warn(
        { problem: loaded.problem },
        "sweep memory not loaded: this sweep reads every repository",
      );
    if (loaded.state !== null) {
      memory = makeSweepMemory(loaded.state);
      options.log.info(memory.sizes, "sweep memory loaded");
    }
    for (const repo of touchedBeforeLoad ?? []) memory.touch(repo);
    touchedBeforeLoad = null;
  };

  /** Other replicas' touches (and this one's: they are applied twice, which changes nothing). */
  const takeTouches = async (from: SweepMemoryStore): Promise<number> => {
    const taken = await askStore(() => from.takeTouches(), { repos: [] });
    if (taken.problem !== null)
      options.log.warn(
        { problem: taken.problem },
        "webhook touches not taken: those repositories wait for their listing or their hour",
      );
    for (const repo of taken.repos) memory.touch(repo);
    return taken.repos.length;
  };

  const save = async (into: SweepMemoryStore) => {
    const saved = await askStore(() => into.save(memory.state()), {});
    if (saved.problem !== null)
      options.log.warn(
        { problem: saved.problem },
        "sweep memory not saved: the next leader's first sweep reads more",
      );
  };

  const tick = async () => {
    const now = clock.now();
    let touched = 0;
    if (store !== undefined) {
      if (touchedBeforeLoad !== null) await load(store);
      touched = await takeTouches(store);
    }
    try {
      const reports = await options.sweep(now, memory);
      memory.record(reports, now);
      const posted = reports.filter((r) => r.outcome === "posted").map((r) => r.repo);
      options.log.info(
        { repositories: reports.length, posted, touched, ...memory.sizes },
        "digest sweep done",
      );
    } catch (error) {
      // The next sweep tries again; one failure must not stop the scheduler.
      options.log.error({ err: error }, "digest sweep failed");
    }
    // Also after a failed sweep: the configs it read are worth keeping.
    if (store !== undefined) await save(store);
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
      touchedBeforeLoad?.push(repo);
      memory.touch(repo);
    },
  };
}

/** `DIGEST_SCHEDULER`: "on" or "off" (default); anything else is a start-up error. */
export function readSchedulerSetting(env: Record<string, string | undefined>): boolean {
  return readOnOff(env, "DIGEST_SCHEDULER", false);
}
