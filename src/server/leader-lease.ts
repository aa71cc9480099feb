import type { Logger } from "probot";
import type { LeaseStore } from "../github/redis-lease.js";

export const LEADER_KEY = "postmortem-tracker:scheduler-leader";
export const DEFAULT_LEADER_TTL_MS = 30_000;

export interface LeaderOptions {
  leases: LeaseStore;
  token: string;
  log: Logger;
  /** How long the lease lasts without renewal: how long a killed leader keeps it. */
  ttlMs?: number;
  /** Called when this replica becomes the leader, and when it stops being it. */
  onElected: () => void;
  onDeposed: () => Promise<void>;
}

export interface LeaderElection {
  isLeader: () => boolean;
  /** Stops campaigning and, if leader, hands the lease back (after onDeposed) for another replica. */
  stop: () => Promise<void>;
}

/**
 * Runs for the scheduler leader lease so that the digest and reconcile schedulers run on one
 * replica at a time. Every third of the TTL the leader renews its lease and the others try to
 * take it; a leader that cannot renew (Redis away, lease lost) steps down before its lease can
 * have passed to another replica. A killed leader's lease runs out after the TTL.
 */
export function startLeaderElection(options: LeaderOptions): LeaderElection {
  const ttl = options.ttlMs ?? DEFAULT_LEADER_TTL_MS;
  const every = Math.max(100, Math.floor(ttl / 3));
  let leader = false;
  let lastRenewed = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const stepDown = async (why: string) => {
    leader = false;
    options.log.info({ why }, "no longer the scheduler leader");
    await options.onDeposed();
  };

  const tick = async () => {
    try {
      if (leader) {
        if (await options.leases.renew(LEADER_KEY, options.token, ttl)) lastRenewed = Date.now();
        else await stepDown("lease lost");
      } else if (await options.leases.acquire(LEADER_KEY, options.token, ttl)) {
        leader = true;
        lastRenewed = Date.now();
        options.log.info("became the scheduler leader");
        options.onElected();
      }
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      options.log.warn(
        { code: typeof code === "string" ? code : null },
        "leader lease check failed",
      );
      // Step down before the lease can have expired and passed to someone else.
      if (leader && Date.now() - lastRenewed > ttl - every) await stepDown("redis unreachable");
    }
  };

  const loop = () => {
    if (stopped) return;
    running = tick().then(() => {
      if (stopped) return;
      timer = setTimeout(loop, every);
      timer.unref();
    });
  };
  loop();

  return {
    isLeader: () => leader,
    stop: async () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      await running;
      if (!leader) return;
      await stepDown("shutting down");
      await options.leases.release(LEADER_KEY, options.token).catch(() => false);
    },
  };
}

/** `LEADER_LEASE_TTL_MS`: the leader lease's TTL; default 30 s, at least 1 s. */
export function readLeaderTtl(env: Record<string, string | undefined>): number {
  const raw = (env.LEADER_LEASE_TTL_MS ?? "").trim();
  if (raw === "") return DEFAULT_LEADER_TTL_MS;
  if (!/^\d{4,7}$/.test(raw))
    throw new Error(
      `LEADER_LEASE_TTL_MS must be whole milliseconds from 1000, got ${JSON.stringify(raw)}`,
    );
  return Number(raw);
}
