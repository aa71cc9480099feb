import type { Redis } from "ioredis";
import { readSweepMemoryState, type SweepMemoryState } from "../jobs/sweep-memory.js";
import { isRedisReady, readRedisErrorCode } from "./redis-connection.js";

/**
 * Where the digest scheduler keeps its sweep memory (sweep-memory.ts) between leaders, and where
 * `issues` webhooks on any replica leave their touches for the leader. None of it ever throws:
 * Redis being away costs reads (a first sweep, a touch caught only by the listing or the
 * repository's hour), never a sweep or a webhook, so each call says what went wrong instead.
 */
export interface SweepMemoryStore {
  /** The last leader's memory; `state` null when there is none, `problem` says why if not absent. */
  load: () => Promise<{ state: SweepMemoryState | null; problem: string | null }>;
  /** Keeps `state` for the next leader, replacing the last one. */
  save: (state: SweepMemoryState) => Promise<{ problem: string | null }>;
  /** Something happened to `repo`'s issues: the leader reads it on its next sweep. */
  touch: (repo: string) => Promise<{ problem: string | null }>;
  /** The repositories touched since the last call, removed in the same step. */
  takeTouches: () => Promise<{ repos: string[]; problem: string | null }>;
}

/**
 * `call`'s answer; if the store broke its promise not to throw (a bug, or a store other than
 * Redis's), `failed` with a problem named by the error's class only, as a message may carry a
 * host. Its callers go on either way.
 */
export async function askStore<T extends { problem: string | null }>(
  call: () => Promise<T>,
  failed: Omit<T, "problem">,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const problem = error instanceof Error ? `store failed (${error.name})` : "store failed";
    return { ...failed, problem } as T;
  }
}

export const SWEEP_MEMORY_KEY = "postmortem-tracker:sweep-memory";
export const SWEEP_TOUCHES_KEY = "postmortem-tracker:sweep-touches";
/**
 * A week: the longest anything in the memory settles (a digest posted for its ISO week; a quiet
 * repository is read again within 25 hours anyway). Every sweep renews it, so it runs out only
 * when no leader has swept for a week (the scheduler turned off): then only the config cache
 * would still be worth something, not enough to keep it (about 0.6 MB for 2,000 repositories)
 * in Redis forever.
 */
export const SWEEP_MEMORY_TTL_MS = 7 * 24 * 3_600_000;

const NOT_READY = "redis not ready";

export function makeRedisSweepMemoryStore(redis: Redis): SweepMemoryStore {
  // While Redis reconnects, ioredis would hold each command until it gives up (as for the ETag
  // store, conditional-requests.ts): a sweep or a webhook must not wait on it, so it is skipped.
  const ready = () => isRedisReady(redis);
  return {
    async load() {
      if (!ready()) return { state: null, problem: NOT_READY };
      let text: string | null;
      try {
        text = await redis.get(SWEEP_MEMORY_KEY);
      } catch (error) {
        return { state: null, problem: describeRedisError(error) };
      }
      if (text === null) return { state: null, problem: null };
      const read = readSweepMemoryState(text);
      return read.ok ? { state: read.state, problem: null } : { state: null, problem: read.reason };
    },
    async save(state) {
      if (!ready()) return { problem: NOT_READY };
      try {
        await redis.set(SWEEP_MEMORY_KEY, JSON.stringify(state), "PX", SWEEP_MEMORY_TTL_MS);
        return { problem: null };
      } catch (error) {
        return { problem: describeRedisError(error) };
      }
    },
    async touch(repo) {
      if (!ready()) return { problem: NOT_READY };
      try {
        // The expiry, renewed by each touch, is for a deployment whose leader stopped sweeping.
        await redis
          .multi()
          .sadd(SWEEP_TOUCHES_KEY, repo.toLowerCase())
          .pexpire(SWEEP_TOUCHES_KEY, SWEEP_MEMORY_TTL_MS)
          .exec()
          .then(throwFirstError);
        return { problem: null };
      } catch (error) {
        return { problem: describeRedisError(error) };
      }
    },
    async takeTouches() {
      if (!ready()) return { repos: [], problem: NOT_READY };
      try {
        // SMEMBERS and DEL in one MULTI: a touch lands wholly before (taken) or after (kept for
        // the next sweep), never between. One round trip, any Redis version, and no key left
        // half-moved if the leader dies (as RENAME to a key of its own could leave); SPOP would
        // need a count guessed in advance.
        const replies = throwFirstError(
          await redis.multi().smembers(SWEEP_TOUCHES_KEY).del(SWEEP_TOUCHES_KEY).exec(),
        );
        const members = replies[0]?.[1];
        return { repos: Array.isArray(members) ? members.map(String) : [], problem: null };
      } catch (error) {
        return { repos: [], problem: describeRedisError(error) };
      }
    },
  };
}

type ExecReplies = [error: Error | null, result: unknown][];

/** EXEC resolves even when a command in it failed (e.g. WRONGTYPE): that is a failure too. */
function throwFirstError(replies: ExecReplies | null): ExecReplies {
  if (replies === null) throw new Error("transaction aborted");
  const failed = replies.find(([error]) => error !== null);
  if (failed?.[0] != null) throw failed[0];
  return replies;
}

/**
 * A Redis failure as the store reports it: by its code (redis-connection.ts), never the message,
 * which may carry the host, nor the URL, which may hold a password.
 */
function describeRedisError(error: unknown): string {
  const code = readRedisErrorCode(error);
  return code === null ? "redis error" : `redis error (${code})`;
}
