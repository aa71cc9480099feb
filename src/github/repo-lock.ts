import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { GitHubClient, RepoRef } from "./client.js";
import { GitHubWriteError } from "./errors.js";
import { createLabel, deleteLabel, getLabel, updateLabel } from "./gateway-labels.js";
import { repoLockKey, type LeaseStore } from "./redis-lease.js";

/** How a holder finds and marks the lock; every field has a production default. */
export interface RepoLockOptions {
  /** The label that is the lock (≤ 50 characters). */
  name?: string;
  /**
   * How long the lock stays valid if its holder stops renewing it (crashed). The holder renews
   * it every third of this while `fn` runs, so the TTL bounds a crash, not the work.
   */
  ttlMs?: number;
  /** How long to wait for a busy lock before giving up with `LockBusyError`. */
  waitMs?: number;
  /** How often to look again while the lock is busy. */
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Waits between renewals; resolves early, or at once, when `signal` aborts (holder done). */
  renewalTimer?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Identifies this holder; random by default. Letters, digits, "_" and "-", ≤ 40 characters. */
  token?: string;
}

export const DEFAULT_LOCK_NAME = "postmortem-tracker-lock";
/** Short, so that a delivery or `sync` after a crash gets the lock within a couple of minutes. */
export const DEFAULT_LOCK_TTL_MS = 90_000;
/** Longer than the TTL: a waiter outlives a crashed holder's lock instead of giving up. */
export const DEFAULT_LOCK_WAIT_MS = 120_000;
const LOCK_COLOR = "ededed";
const DESCRIPTION_PREFIX = "postmortem-tracker lock ";
/** Retries without sleeping after a step that cleared the way (deleted an expired lock, …). */
const MAX_QUICK_RETRIES = 3;

/** Thrown when another holder kept the lock for longer than `waitMs`. */
export class LockBusyError extends Error {
  override readonly name = "LockBusyError";
  readonly lockName: string;
  /** When the other holder's lock expires, ISO 8601. */
  readonly heldUntil: string;
  readonly waitedMs: number;

  constructor(lockName: string, heldUntil: string, waitedMs: number) {
    super(`Lock ${lockName} is held until ${heldUntil}; gave up after ${waitedMs} ms`);
    this.lockName = lockName;
    this.heldUntil = heldUntil;
    this.waitedMs = waitedMs;
  }
}

interface Lock {
  name: string;
  ttlMs: number;
  waitMs: number;
  pollMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  renewalTimer: (ms: number, signal: AbortSignal) => Promise<void>;
  token: string;
}

type Attempt =
  | { kind: "held" }
  | { kind: "retry" }
  | { kind: "busy"; heldUntil: string }
  | { kind: "failed"; error: unknown };

/**
 * Runs `fn` while holding a per-repository mutex, so two deliveries (or a delivery and the CLI)
 * never reconcile the same repository at once. It needs no database and only `issues: write`:
 * the lock is a label, and creating a label whose name exists fails with 422 `already_exists`,
 * atomically on GitHub's side, so of several concurrent creates exactly one wins. The label's
 * description records the holder's token and expiry (`postmortem-tracker lock <token> expires
 * <ISO>`) so a crashed holder's lock can be taken over once expired, and so a create that
 * answered 5xx but succeeded is recognised as ours.
 *
 * Cost: 2 writes per held lock (create + delete; both count toward GitHub's write spacing and
 * secondary limits) plus 1 read at release, 1 read per busy poll, and 1 write per renewal (every
 * `ttlMs / 3` of work, so only long runs pay it). A crashed holder blocks others for at most
 * `ttlMs`, and waiters wait longer than that by default. A holder that cannot renew (GitHub down
 * for a whole TTL) may be taken over; the markers the sync re-reads under the lock still keep
 * items from being filed twice in all but that window. Taking over an expired lock is a read-then-delete, which GitHub cannot do
 * conditionally: if two waiters see the same expired lock, one's delete can remove the lock the
 * other has just created. That needs a crashed holder plus two waiters within one round trip.
 * If release fails after `fn` succeeded, that error is thrown; the lock then expires after `ttlMs`.
 */
export async function withRepoLock<T>(
  client: GitHubClient,
  repo: RepoRef,
  options: RepoLockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const lock = resolveOptions(options);
  const leases = leaseStoreOf(client);
  if (leases !== null) return withLeaseLock(client, leases, repo, lock, fn);
  await acquire(client, repo, lock);
  const releaseOnce = once(() => release(client, repo, lock));
  held.add(releaseOnce);
  const done = new AbortController();
  const renewing = keepRenewing(client, repo, lock, done.signal);
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    done.abort();
    await renewing;
    // The caller needs fn's error; if release fails too, the lock simply expires after ttlMs.
    await releaseOnce().catch(() => undefined);
    held.delete(releaseOnce);
    throw error;
  } finally {
    done.abort();
  }
  await renewing;
  await releaseOnce();
  held.delete(releaseOnce);
  return result;
}

/** Releases of the locks this process holds right now, for a shutdown that cannot wait. */
const held = new Set<() => Promise<void>>();

/**
 * Releases every lock this process still holds (each only if still its own). For a shutdown
 * whose grace period ended with work in flight: the process is about to exit, so waiting for the
 * TTL would only delay the replica or reconcile that finishes the job.
 */
export async function releaseHeldLocks(): Promise<void> {
  const releases = [...held];
  held.clear();
  await Promise.allSettled(releases.map((r) => r()));
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | null = null;
  return () => (result ??= fn());
}

/**
 * The lease store a server's client carries: Redis with `REDIS_URL`, otherwise this process's
 * memory (see app-octokit.ts). The CLI and the Action carry none and lock with the label.
 */
function leaseStoreOf(client: GitHubClient): LeaseStore | null {
  const store = (client as unknown as { repoLeases?: LeaseStore | null }).repoLeases;
  return store ?? null;
}

/**
 * The same contract on a lease, in Redis (`REDIS_URL`) or in this process's memory (one replica):
 * no label writes, and a crashed holder's lease runs out after `ttlMs`. A lease store error while
 * acquiring is thrown: no filing without the lock. A renewal that fails keeps the work going, as
 * with the label. One read of the label lock, once the lease is ours, makes a server wait for the
 * CLI or the Action; what it cannot stop is a CLI that takes the label while the server is already
 * filing (the server does not hold the label, to save its two writes per merge), and that case
 * is caught afterwards by the marker read-back in sync-postmortems.ts.
 */
async function withLeaseLock<T>(
  client: GitHubClient,
  leases: LeaseStore,
  repo: RepoRef,
  lock: Lock,
  fn: () => Promise<T>,
): Promise<T> {
  const key = repoLockKey(repo.owner, repo.repo);
  const startedAt = lock.now();
  const pollMs = Math.min(lock.pollMs, 500);
  for (;;) {
    let heldUntil: number | null = null;
    let labelHeld = false;
    if (!(await leases.acquire(key, lock.token, lock.ttlMs))) {
      heldUntil = lock.now() + (await leases.remainingMs(key));
    } else {
      // A lease cannot see the CLI or the Action, which hold the label lock: one read of it,
      // and we wait while another holder's lock is live.
      const label = await getLabel(client, repo, lock.name).catch(async (error: unknown) => {
        await leases.release(key, lock.token);
        throw error;
      });
      const holder = label === null ? null : readHolder(label.description);
      if (holder !== null && holder.expiresAt > lock.now() && holder.token !== lock.token) {
        await leases.release(key, lock.token);
        heldUntil = holder.expiresAt;
        labelHeld = true;
      }
    }
    if (heldUntil === null) break;
    const waited = lock.now() - startedAt;
    if (waited >= lock.waitMs)
      throw new LockBusyError(key, new Date(heldUntil).toISOString(), waited);
    // The label is polled at the label lock's pace: every look is a request to GitHub.
    await lock.sleep(Math.min(labelHeld ? lock.pollMs : pollMs, lock.waitMs - waited));
  }
  const releaseOnce = once(async () => {
    await leases.release(key, lock.token);
  });
  held.add(releaseOnce);
  const done = new AbortController();
  const renewing = (async () => {
    for (;;) {
      await lock.renewalTimer(Math.floor(lock.ttlMs / 3), done.signal);
      if (done.signal.aborted) return;
      await leases.renew(key, lock.token, lock.ttlMs).catch(() => false);
    }
  })();
  try {
    return await fn();
  } finally {
    done.abort();
    await renewing;
    // If Redis is away now, the lease runs out after ttlMs by itself.
    await releaseOnce().catch(() => undefined);
    held.delete(releaseOnce);
  }
}

/** Pushes the expiry forward every third of the TTL until `signal` aborts. Never throws. */
async function keepRenewing(
  client: GitHubClient,
  repo: RepoRef,
  lock: Lock,
  signal: AbortSignal,
): Promise<void> {
  for (;;) {
    // A timer given an aborted signal returns at once, so a late lap ends here too.
    await lock.renewalTimer(Math.floor(lock.ttlMs / 3), signal);
    if (signal.aborted) return;
    try {
      await updateLabel(client, repo, lock.name, {
        color: LOCK_COLOR,
        description: describeHolder(lock),
      });
    } catch {
      // Gone or unreachable: keep working. Items are looked up by marker under the lock, and the
      // next renewal may get through before the TTL runs out.
    }
  }
}

function describeHolder(lock: Lock): string {
  return `${DESCRIPTION_PREFIX}${lock.token} expires ${new Date(lock.now() + lock.ttlMs).toISOString()}`;
}

/** Real timers, cancelled when the holder is done so nothing keeps the process alive. */
function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch(() => undefined);
}

function resolveOptions(options: RepoLockOptions): Lock {
  const lock: Lock = {
    name: options.name ?? DEFAULT_LOCK_NAME,
    ttlMs: options.ttlMs ?? DEFAULT_LOCK_TTL_MS,
    waitMs: options.waitMs ?? DEFAULT_LOCK_WAIT_MS,
    pollMs: options.pollMs ?? 2_000,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? ((ms) => delay(ms)),
    renewalTimer: options.renewalTimer ?? waitUnlessAborted,
    token: options.token ?? randomUUID(),
  };
  // GitHub rejects label names over 50 characters and descriptions over 100 (this one is 57 + token).
  if (lock.name.length === 0 || lock.name.length > 50) {
    throw new RangeError(`Lock name must be 1–50 characters: ${lock.name}`);
  }
  if (!/^[\w-]{1,40}$/.test(lock.token)) {
    throw new RangeError(`Lock token must be 1–40 letters, digits, "_" or "-": ${lock.token}`);
  }
  return lock;
}

/** Tries until the lock is ours, or throws `LockBusyError` once `waitMs` has passed. */
async function acquire(client: GitHubClient, repo: RepoRef, lock: Lock): Promise<void> {
  const startedAt = lock.now();
  let quickRetries = 0;
  for (;;) {
    const attempt = await tryAcquire(client, repo, lock);
    if (attempt.kind === "held") return;
    if (attempt.kind === "retry" && quickRetries < MAX_QUICK_RETRIES) {
      quickRetries += 1;
      continue;
    }
    quickRetries = 0;
    const waited = lock.now() - startedAt;
    const remaining = lock.waitMs - waited;
    if (remaining <= 0) {
      if (attempt.kind === "busy") throw new LockBusyError(lock.name, attempt.heldUntil, waited);
      if (attempt.kind === "failed") throw attempt.error;
      throw new Error(`Lock ${lock.name} kept changing hands; gave up after ${waited} ms`);
    }
    await lock.sleep(Math.min(lock.pollMs, remaining));
  }
}

async function tryAcquire(client: GitHubClient, repo: RepoRef, lock: Lock): Promise<Attempt> {
  const description = describeHolder(lock);
  let createError: GitHubWriteError | null = null;
  try {
    const created = await createLabel(client, repo, {
      name: lock.name,
      color: LOCK_COLOR,
      description,
    });
    if (created === "created") return { kind: "held" };
  } catch (error) {
    // A 5xx or timeout may hide a create that succeeded: the label will say whose it is.
    if (!(error instanceof GitHubWriteError && error.outcomeUnknown)) throw error;
    createError = error;
  }
  const label = await getLabel(client, repo, lock.name);
  if (label === null) {
    // Released in between (try again now), or our unknown-outcome create did not happen.
    return createError === null ? { kind: "retry" } : { kind: "failed", error: createError };
  }
  const holder = readHolder(label.description);
  if (holder !== null && holder.expiresAt > lock.now()) {
    if (holder.token === lock.token) return { kind: "held" };
    return { kind: "busy", heldUntil: new Date(holder.expiresAt).toISOString() };
  }
  // Expired, or a label by our name that is not a lock (e.g. auto-created grey): clear it and
  // race for the create again; only one create can win.
  await deleteLabel(client, repo, lock.name);
  return { kind: "retry" };
}

/** Deletes the lock if it is still ours; after `ttlMs` it may belong to someone else. */
async function release(client: GitHubClient, repo: RepoRef, lock: Lock): Promise<void> {
  const label = await getLabel(client, repo, lock.name);
  if (label === null || readHolder(label.description)?.token !== lock.token) return;
  await deleteLabel(client, repo, lock.name);
}

/** Parses a lock label's description; null if it is not one (then it counts as expired). */
function readHolder(description: string | null): { token: string; expiresAt: number } | null {
  if (description?.startsWith(DESCRIPTION_PREFIX) !== true) return null;
  const match = /^(\S+) expires (\S+)$/.exec(description.slice(DESCRIPTION_PREFIX.length));
  if (match?.[1] === undefined || match[2] === undefined) return null;
  const expiresAt = Date.parse(match[2]);
  return Number.isNaN(expiresAt) ? null : { token: match[1], expiresAt };
}
