import type { LeaseStore } from "./redis-lease.js";

/**
 * The lease contract of redis-lease.ts, held in this process's memory: the repository lock of a
 * server that runs as one replica without `REDIS_URL`. Deliveries to one process (a merge's
 * `pull_request.closed` and `push`, a redelivery, the reconcile) then take turns without the two
 * label writes per merge that a lock on GitHub costs. It cannot see other processes: those are
 * the CLI and the Action, which keep the label lock, and `withRepoLock` also waits for a label
 * lock held by one of them (see repo-lock.ts). Several replicas need `REDIS_URL`.
 */
export function processLeases(now: () => number = Date.now): LeaseStore {
  const leases = new Map<string, { token: string; expiresAt: number }>();
  const live = (key: string) => {
    const lease = leases.get(key);
    if (lease === undefined) return null;
    if (lease.expiresAt > now()) return lease;
    leases.delete(key);
    return null;
  };
  return {
    acquire: (key, token, ttlMs) => {
      if (live(key) !== null) return Promise.resolve(false);
      leases.set(key, { token, expiresAt: now() + ttlMs });
      return Promise.resolve(true);
    },
    renew: (key, token, ttlMs) => {
      const lease = live(key);
      if (lease?.token !== token) return Promise.resolve(false);
      lease.expiresAt = now() + ttlMs;
      return Promise.resolve(true);
    },
    release: (key, token) => {
      if (live(key)?.token !== token) return Promise.resolve(false);
      leases.delete(key);
      return Promise.resolve(true);
    },
    remainingMs: (key) => {
      const lease = live(key);
      return Promise.resolve(lease === null ? 0 : lease.expiresAt - now());
    },
  };
}
