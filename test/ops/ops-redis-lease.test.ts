import { setTimeout as delay } from "node:timers/promises";
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GitHubClient } from "../../src/github/client.js";
import { redisLeases, repoLockKey } from "../../src/github/redis-lease.js";
import { LockBusyError, withRepoLock } from "../../src/github/repo-lock.js";
import { LEADER_KEY, startLeaderElection } from "../../src/server/leader-lease.js";
import { RedisServer, redisAvailable } from "./redis-server.js";

/* The Redis lease, the repository lock on it and the leader election, on a real redis-server. */

const HAVE_REDIS = redisAvailable();
const silent = pino({ level: "silent" });
const REPO = { owner: "Acme", repo: "Infra" };

describe.skipIf(!HAVE_REDIS)("Redis leases on a real redis-server", { timeout: 30_000 }, () => {
  let server: RedisServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await RedisServer.start();
    redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  it("a lease is taken once, renewed and released only by its holder, and runs out by itself", async () => {
    const leases = redisLeases(redis);
    const key = "test:lease";
    expect(await leases.acquire(key, "a", 60_000)).toBe(true);
    expect(await leases.acquire(key, "b", 60_000)).toBe(false);
    expect(await leases.renew(key, "b", 60_000)).toBe(false);
    expect(await leases.release(key, "b")).toBe(false);
    expect(await leases.renew(key, "a", 60_000)).toBe(true);
    expect(await leases.remainingMs(key)).toBeGreaterThan(0);
    expect(await leases.release(key, "a")).toBe(true);
    expect(await leases.remainingMs(key)).toBe(0);
    // A crashed holder's lease expires (PX): Redis keeps the time, not this test.
    expect(await leases.acquire(key, "c", 1)).toBe(true);
    while ((await redis.exists(key)) === 1) await delay(5);
    expect(await leases.acquire(key, "d", 60_000)).toBe(true);
    await leases.release(key, "d");
  });

  it("withRepoLock on a client carrying the lease store: one holder at a time, no label, released after", async () => {
    // The lock is in Redis: the only GitHub call is one read of the label lock (a CLI's), per
    // holder, answered 404 here. A client with no other method proves there is no other call.
    let labelReads = 0;
    const notFound = Object.assign(new Error("Not Found"), { status: 404 });
    const client = {
      repoLeases: redisLeases(redis),
      rest: {
        issues: {
          getLabel: () => {
            labelReads += 1;
            return Promise.reject(notFound);
          },
        },
      },
    } as unknown as GitHubClient;
    const events: string[] = [];
    const hold = (name: string) =>
      withRepoLock(client, REPO, { pollMs: 10 }, async () => {
        events.push(`${name} in`);
        await delay(50);
        events.push(`${name} out`);
        return name;
      });
    expect(await Promise.all([hold("a"), hold("b"), hold("c")])).toEqual(["a", "b", "c"]);
    // Never two inside at once.
    for (let i = 0; i < events.length; i += 2) {
      expect(events[i]?.endsWith(" in")).toBe(true);
      expect(events[i + 1]).toBe(events[i]?.replace(" in", " out"));
    }
    expect(await redis.exists(repoLockKey("acme", "infra"))).toBe(0);
    expect(labelReads).toBe(3);
  });

  it("a lease held by another gives LockBusyError after waitMs; a Redis error is thrown, nothing runs", async () => {
    const leases = redisLeases(redis);
    const client = { repoLeases: leases } as unknown as GitHubClient;
    const key = repoLockKey(REPO.owner, REPO.repo);
    await leases.acquire(key, "someone-else", 60_000);
    let ran = false;
    const busy = await withRepoLock(client, REPO, { waitMs: 100, pollMs: 20 }, () => {
      ran = true;
      return Promise.resolve();
    }).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(LockBusyError);
    await leases.release(key, "someone-else");

    const down = new Redis("redis://127.0.0.1:1", {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    down.on("error", () => undefined);
    const refused = await withRepoLock(
      { repoLeases: redisLeases(down) } as unknown as GitHubClient,
      REPO,
      {},
      () => {
        ran = true;
        return Promise.resolve();
      },
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Error);
    expect(ran).toBe(false);
    down.disconnect();
  });

  it("one leader among three; when it stops, another takes over", async () => {
    const leaders: string[] = [];
    const start = (name: string) =>
      startLeaderElection({
        leases: redisLeases(redis),
        token: name,
        log: silent,
        ttlMs: 600,
        onElected: () => leaders.push(name),
        onDeposed: () => Promise.resolve(),
      });
    const elections = [start("r1"), start("r2"), start("r3")];
    while (leaders.length === 0) await delay(10);
    await delay(700);
    expect(leaders).toHaveLength(1);
    const first = elections.findIndex((e) => e.isLeader());
    expect(await redis.get(LEADER_KEY)).toBe(leaders[0]);
    await elections[first]?.stop();
    while (leaders.length === 1) await delay(10);
    expect(leaders[1]).not.toBe(leaders[0]);
    expect(elections.filter((e) => e.isLeader())).toHaveLength(1);
    for (const e of elections) await e.stop();
    expect(await redis.exists(LEADER_KEY)).toBe(0);
  });
});
