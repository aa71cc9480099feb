import type { Logger } from "probot";

export const DEFAULT_SHUTDOWN_GRACE_S = 25;
/** The most time spent releasing locks after the grace period; they expire anyway. */
export const RELEASE_TIMEOUT_MS = 3_000;

export interface ShutdownSteps {
  log: Logger;
  graceMs: number;
  /** Starts refusing new deliveries (503) and failing readiness. */
  drain: () => void;
  /** Resolves when every delivery in flight has been handled. */
  inFlightIdle: () => Promise<void>;
  inFlightCount: () => number;
  /** Stops the schedulers, waiting for a sweep in progress. */
  stopSchedulers: () => Promise<void>;
  /** Releases whatever locks and leases this process still holds. */
  releaseLocks: () => Promise<void>;
  /**
   * Closes the servers and connections. `drained` false: connections still waiting for an
   * answer are not waited for (the process is about to exit).
   */
  close: (drained: boolean) => Promise<void>;
  now?: () => number;
}

export interface ShutdownReport {
  /** True when all work in flight ended within the grace period. */
  drained: boolean;
  tookMs: number;
}

/**
 * The graceful shutdown (SIGTERM): refuse new deliveries with 503, so GitHub records a failure
 * that the reconcile heals; let the work in flight finish for up to the grace period; release
 * every lock; close. Work cut off at the end of the grace period is not lost either: each item is
 * looked up by marker, so the next delivery or reconcile files what is missing, once.
 * Calling it again returns the same shutdown.
 */
export function createShutdown(steps: ShutdownSteps): () => Promise<ShutdownReport> {
  let running: Promise<ShutdownReport> | null = null;
  const now = steps.now ?? Date.now;
  const run = async (): Promise<ShutdownReport> => {
    const started = now();
    steps.drain();
    steps.log.info(
      { inFlight: steps.inFlightCount(), graceMs: steps.graceMs },
      "shutting down: refusing new deliveries, finishing those in flight",
    );
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<false>((resolve) => {
      timer = setTimeout(() => {
        resolve(false);
      }, steps.graceMs);
    });
    const finished = Promise.all([steps.inFlightIdle(), steps.stopSchedulers()]).then(() => true);
    const drained = await Promise.race([finished, graceOver]);
    clearTimeout(timer);
    if (!drained)
      steps.log.warn(
        { inFlight: steps.inFlightCount() },
        "grace period over with work in flight: the next reconcile files what it did not",
      );
    // Releasing is a write or two per lock (through the write spacing); bounded, so the process
    // ends within the grace period plus a few seconds whatever GitHub or Redis do.
    let releaseTimer: NodeJS.Timeout | undefined;
    const released = await Promise.race([
      steps.releaseLocks().then(
        () => true,
        () => false,
      ),
      new Promise<false>((resolve) => {
        releaseTimer = setTimeout(() => {
          resolve(false);
        }, RELEASE_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(releaseTimer);
    if (!released)
      steps.log.warn("could not release every lock in time; they expire by themselves");
    await steps.close(drained);
    const tookMs = now() - started;
    steps.log.info({ drained, tookMs }, "shut down");
    return { drained, tookMs };
  };
  return () => (running ??= run());
}

/** `SHUTDOWN_GRACE_S`: whole seconds, 0–3600, default 25 (Kubernetes waits 30 by default). */
export function readShutdownGrace(env: Record<string, string | undefined>): number {
  const raw = (env.SHUTDOWN_GRACE_S ?? "").trim();
  if (raw === "") return DEFAULT_SHUTDOWN_GRACE_S * 1000;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) > 3600)
    throw new Error(
      `SHUTDOWN_GRACE_S must be whole seconds from 0 to 3600, got ${JSON.stringify(raw)}`,
    );
  return Number(raw) * 1000;
}
