import type { Redis } from "ioredis";

/**
 * A single-instance Redis lease, the pattern Redis documents for one server: `SET key token NX
 * PX ttl` takes it, and renewing or releasing first checks, in one Lua script, that the token is
 * still ours, so a holder whose lease expired can never extend or delete its successor's.
 * No quorum, no fencing: the writes under it are idempotent by marker anyway.
 */
export interface LeaseStore {
  /** True if the lease was free and is now ours for `ttlMs`. */
  acquire: (key: string, token: string, ttlMs: number) => Promise<boolean>;
  /** True if it was still ours and now runs `ttlMs` from now. */
  renew: (key: string, token: string, ttlMs: number) => Promise<boolean>;
  /** Deletes it if still ours; true if it was. */
  release: (key: string, token: string) => Promise<boolean>;
  /** Milliseconds until the current holder's lease runs out (0 if free). */
  remainingMs: (key: string) => Promise<number>;
}

const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export function redisLeases(redis: Redis): LeaseStore {
  return {
    acquire: async (key, token, ttlMs) => (await redis.set(key, token, "PX", ttlMs, "NX")) === "OK",
    renew: async (key, token, ttlMs) => (await redis.eval(RENEW, 1, key, token, ttlMs)) === 1,
    release: async (key, token) => (await redis.eval(RELEASE, 1, key, token)) === 1,
    remainingMs: async (key) => Math.max(0, await redis.pttl(key)),
  };
}

/** The key of a repository's lock (GitHub names are case-insensitive). */
export function repoLockKey(owner: string, repo: string): string {
  return `postmortem-tracker:lock:${owner.toLowerCase()}/${repo.toLowerCase()}`;
}
