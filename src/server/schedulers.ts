import type { Logger, Probot } from "probot";
import type { AppClients } from "../jobs/each-app-repository.js";
import { reconcileInstallations } from "../jobs/reconcile-installations.js";
import { sweepDigests } from "../jobs/run-digest.js";
import {
  startDigestScheduler,
  type DigestScheduler,
  type DigestSchedulerOptions,
} from "./digest-scheduler.js";
import type { AppMetrics } from "./metrics.js";
import { startReconcileScheduler, type ReconcileScheduler } from "./reconcile-scheduler.js";
import { askStore, type SweepMemoryStore } from "./redis-sweep-memory.js";
import type { SchedulerClock } from "./scheduler-clock.js";

export interface SchedulerSettings {
  digest: boolean;
  reconcile: boolean;
}

export interface Schedulers {
  start: () => void;
  /** Stops both, waiting for a sweep in progress. */
  stop: () => Promise<void>;
}

/**
 * The digest scheduler's sweep: every repository in the scheduler's mode, with the config cache
 * the scheduler keeps across its sweeps (sweep-memory.ts), so a repository's config, and the
 * owner's `.github` fallback, are read again only when the installation's listing shows they may
 * have changed.
 */
export function digestSweep(actor: AppClients, log: Logger): DigestSchedulerOptions["sweep"] {
  return (now, memory) =>
    sweepDigests(actor, log, {
      now,
      dryRun: false,
      onlyWhenDue: true,
      skip: memory.skip(now),
      configCache: memory.configCache,
    });
}

/**
 * The digest and reconcile schedulers of one server, started and stopped together: at start-up
 * on a lone server, or on becoming the scheduler leader with Redis. Each sweep is timed and
 * counted; a reconcile that ends without a failed repository sets the last-success time.
 */
export function makeSchedulers(
  app: Probot,
  settings: SchedulerSettings,
  metrics: AppMetrics | null,
  options: {
    /** Tests pin the schedulers' time; a server runs on the system clock. */
    clock?: SchedulerClock;
    /** With `REDIS_URL`: the digest scheduler's memory and touches, shared by every replica. */
    memoryStore?: SweepMemoryStore;
  } = {},
): Schedulers {
  let digest: DigestScheduler | null = null;
  let reconcile: ReconcileScheduler | null = null;
  const actor = { app: () => app.auth(), installation: (id: number) => app.auth(id) };
  // Any event on a repository's issues (one filed by the Action, a label added) may end "nothing
  // tracked" there: the digest scheduler reads that repository on its next sweep
  // (quiet-repositories.ts). With a store the touch also goes to Redis, whichever replica got the
  // event, for whichever replica leads; the leader's own touch stays in its memory too, so a Redis
  // outage does not lose it. A touch Redis did not take is caught by the repository's listing or
  // its hour: it must never fail the delivery.
  const store = settings.digest ? options.memoryStore : undefined;
  app.on("issues", async (context) => {
    const repo = context.payload.repository.full_name;
    digest?.touch(repo);
    if (store === undefined) return;
    const { problem } = await askStore(() => store.touch(repo), {});
    if (problem !== null) context.log.warn({ problem, repo }, "digest touch not shared");
  });
  return {
    start: () => {
      if (settings.digest && digest === null) {
        // Without a store, a new memory per start (digest-scheduler.ts): a replica that lost the
        // lease forgets; with one, it starts from the last leader's.
        const sweep = digestSweep(actor, app.log.child({ name: "digest" }));
        digest = startDigestScheduler({
          clock: options.clock,
          memoryStore: store,
          log: app.log.child({ name: "digest-scheduler" }),
          sweep: (now, memory) => measured(metrics, "digest", () => sweep(now, memory)),
        });
      }
      if (settings.reconcile && reconcile === null)
        reconcile = startReconcileScheduler({
          clock: options.clock,
          log: app.log.child({ name: "reconcile-scheduler" }),
          sweep: async (today) => {
            const reports = await measured(metrics, "reconcile", () =>
              reconcileInstallations(actor, app.log.child({ name: "reconcile" }), {
                backfill: false,
                dryRun: false,
                today,
              }),
            );
            if (reports.every((r) => r.error === null))
              metrics?.lastReconcileSuccess.set(Date.now() / 1000);
            return reports;
          },
        });
    },
    stop: async () => {
      const stopping = [digest, reconcile].map((s) => s?.stop() ?? Promise.resolve());
      digest = null;
      reconcile = null;
      await Promise.all(stopping);
    },
  };
}

async function measured<T>(
  metrics: AppMetrics | null,
  job: "digest" | "reconcile",
  run: () => Promise<T>,
): Promise<T> {
  const stop = metrics?.jobSeconds.startTimer({ job });
  try {
    const result = await run();
    metrics?.jobRuns.inc({ job, outcome: "ok" });
    return result;
  } catch (error) {
    metrics?.jobRuns.inc({ job, outcome: "error" });
    throw error;
  } finally {
    stop?.();
  }
}
