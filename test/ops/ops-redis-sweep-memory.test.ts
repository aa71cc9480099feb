import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { hourOf } from "../../src/jobs/quiet-repositories.js";
import { makeSweepMemory, type SweepMemoryState } from "../../src/jobs/sweep-memory.js";
import { HOUR_MS } from "../../src/server/digest-scheduler.js";
import {
  SWEEP_MEMORY_KEY,
  SWEEP_MEMORY_TTL_MS,
  SWEEP_TOUCHES_KEY,
  makeRedisSweepMemoryStore,
} from "../../src/server/redis-sweep-memory.js";
import { makeSchedulers } from "../../src/server/schedulers.js";
import { FakeClock } from "../helpers/fake-clock.js";
import { FULL_NAME, FakeGitHub, deliver, issueEvent } from "../helpers/github-mock.js";
import { makeProbot, type LogEntry } from "../helpers/probot.js";
import { addBug, addPersonsOldIssue, BUG } from "../jobs/digest-fixture.js";
import { RedisServer, redisAvailable } from "./redis-server.js";

/* The digest scheduler's memory and webhook touches in Redis, on a real redis-server. */

const HAVE_REDIS = redisAvailable();

const STATE: SweepMemoryState = {
  v: 1,
  settled: [["acme/web", { week: "2026-W49", timezone: "Europe/Paris" }]],
  quiet: [
    ["acme/infra", { pushedAt: "2026-11-01T00:00:00Z", openIssues: 1, readAt: 1_764_000_000_000 }],
  ],
  configs: [],
};

function connect(server: RedisServer): Redis {
  const redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  // The connection's trouble is the store's to report; ioredis would print it too.
  redis.on("error", () => undefined);
  return redis;
}

async function ready(redis: Redis): Promise<void> {
  await vi.waitFor(
    () => {
      expect(redis.status).toBe("ready");
    },
    { timeout: 5000 },
  );
}

describe.skipIf(!HAVE_REDIS)("the sweep memory on a real redis-server", { timeout: 30_000 }, () => {
  let server: RedisServer;
  let redis: Redis;

  beforeAll(async () => {
    server = await RedisServer.start();
    redis = connect(server);
    await ready(redis);
  });

  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  beforeEach(async () => {
    await redis.flushall();
  });

  it("a saved memory loads back whole, under its key and with a week's expiry; none saved is null without a problem", async () => {
    const store = makeRedisSweepMemoryStore(redis);
    expect(await store.load()).toEqual({ state: null, problem: null });
    expect(await store.save(STATE)).toEqual({ problem: null });
    expect(await store.load()).toEqual({ state: STATE, problem: null });
    // The memory a scheduler would start from says what the saved one said.
    expect(makeSweepMemory((await store.load()).state ?? undefined).state()).toEqual(STATE);
    const ttl = await redis.pttl(SWEEP_MEMORY_KEY);
    expect(ttl).toBeGreaterThan(SWEEP_MEMORY_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(SWEEP_MEMORY_TTL_MS);
    expect(SWEEP_MEMORY_TTL_MS).toBe(7 * 24 * HOUR_MS);
  });

  it("touches from several replicas are taken once, lower-cased, and cleared", async () => {
    const otherConnection = connect(server);
    await ready(otherConnection);
    const one = makeRedisSweepMemoryStore(redis);
    const other = makeRedisSweepMemoryStore(otherConnection);
    expect(await one.touch("Acme/Infra")).toEqual({ problem: null });
    expect(await other.touch("acme/infra")).toEqual({ problem: null });
    expect(await other.touch("acme/web")).toEqual({ problem: null });
    expect(await redis.pttl(SWEEP_TOUCHES_KEY)).toBeGreaterThan(0);
    const taken = await one.takeTouches();
    expect({ ...taken, repos: taken.repos.sort() }).toEqual({
      repos: ["acme/infra", "acme/web"],
      problem: null,
    });
    expect(await redis.exists(SWEEP_TOUCHES_KEY)).toBe(0);
    expect(await other.takeTouches()).toEqual({ repos: [], problem: null });
    // A touch after the take waits for the next one.
    await other.touch("acme/api");
    expect(await one.takeTouches()).toEqual({ repos: ["acme/api"], problem: null });
    otherConnection.disconnect();
  });

  it.each([
    ["not JSON", "{", /^not JSON/],
    ["another version", JSON.stringify({ ...STATE, v: 2 }), /^not a sweep state of this version/],
  ])("a stored value that is %s loads as null, with the reason", async (_what, text, reason) => {
    await redis.set(SWEEP_MEMORY_KEY, text);
    const loaded = await makeRedisSweepMemoryStore(redis).load();
    expect(loaded.state).toBeNull();
    expect(loaded.problem).toMatch(reason);
  });

  it("keys of another type (someone else's) are a problem by code, never an exception", async () => {
    await redis.hset(SWEEP_MEMORY_KEY, "a", "b");
    await redis.hset(SWEEP_TOUCHES_KEY, "a", "b");
    const store = makeRedisSweepMemoryStore(redis);
    expect(await store.load()).toEqual({ state: null, problem: "redis error (WRONGTYPE)" });
    expect(await store.touch("acme/infra")).toEqual({ problem: "redis error (WRONGTYPE)" });
    expect(await store.takeTouches()).toEqual({ repos: [], problem: "redis error (WRONGTYPE)" });
  });

  it("Redis stopped: every call answers at once with a problem, and works again once it is back (empty)", async () => {
    const own = await RedisServer.start();
    const client = connect(own);
    try {
      await ready(client);
      const store = makeRedisSweepMemoryStore(client);
      await store.save(STATE);
      await own.stop();
      await vi.waitFor(
        () => {
          expect(client.status).not.toBe("ready");
        },
        { timeout: 5000 },
      );
      expect(await store.load()).toEqual({ state: null, problem: "redis not ready" });
      expect(await store.save(STATE)).toEqual({ problem: "redis not ready" });
      expect(await store.touch("acme/infra")).toEqual({ problem: "redis not ready" });
      expect(await store.takeTouches()).toEqual({ repos: [], problem: "redis not ready" });
      await own.restart();
      await ready(client);
      // Restarted without persistence: nothing to load, a first sweep's reads, no problem.
      expect(await store.load()).toEqual({ state: null, problem: null });
      expect(await store.save(STATE)).toEqual({ problem: null });
    } finally {
      client.disconnect();
      await own.stop();
    }
  });

  it("two leaders one after the other: the second skips what the first learned, and reads a repository touched by a webhook to a non-leader", async () => {
    // Monday of 2026-W49, after the default digest hour, so acme/infra ends in "nothing tracked";
    // none of the sweeps is in its own hour of the day, when it is read whatever the memory says.
    const clock = new FakeClock(Date.parse("2026-11-30T15:30:00Z"));
    expect([15, 16, 17]).not.toContain(hourOf(FULL_NAME));
    const github = new FakeGitHub()
      .appIdentity()
      .installationList()
      .installationToken()
      .installationRepos()
      .config(null)
      .issueListPaged();
    // acme/infra's only issue.
    const old = addPersonsOldIssue(github);
    const issueReads = () =>
      github.requests.filter((r) => r.method === "GET" && r.path.endsWith("/issues")).length;

    // Two replicas, each with its own connection, as on two machines.
    const replica = async () => {
      const { probot, logs } = await makeProbot();
      const connection = connect(server);
      await ready(connection);
      const schedulers = makeSchedulers(probot, { digest: true, reconcile: false }, null, {
        clock,
        memoryStore: makeRedisSweepMemoryStore(connection),
      });
      return { probot, logs, schedulers, connection };
    };
    const first = await replica();
    const second = await replica();
    const swept = (logs: LogEntry[], count: number) =>
      vi.waitFor(
        () => {
          expect(logs.filter((l) => l.msg === "digest sweep done")).toHaveLength(count);
        },
        { timeout: 5000 },
      );

    try {
      // 15:30, the first leader: acme/infra is read (three issue lists) and remembered as quiet.
      first.schedulers.start();
      await swept(first.logs, 1);
      expect(issueReads()).toBe(3);
      await first.schedulers.stop();
      expect(await redis.exists(SWEEP_MEMORY_KEY)).toBe(1);

      // 16:30, a new leader (a deploy): its first sweep reads the listings (with a token of its
      // own), not acme/infra.
      github.clearRequests();
      clock.advance(HOUR_MS);
      second.schedulers.start();
      await swept(second.logs, 1);
      expect(github.calls()).toEqual([
        "GET /app",
        "GET /app/installations",
        "POST /app/installations/1/access_tokens",
        "GET /installation/repositories",
      ]);
      expect(second.logs.find((l) => l.msg === "sweep memory loaded")).toMatchObject({ quiet: 1 });

      // A label added to the old issue moves neither `pushed_at` nor the open-issue count: only
      // the webhook tells, and it reaches the first replica, no longer the leader.
      addBug(old, "2026-11-30T16:45:00Z");
      const labelled = issueEvent("labeled", old, { id: "delivery-1", label: BUG.name });
      expect(await deliver(first.probot, labelled)).toBeUndefined();
      expect(await redis.smembers(SWEEP_TOUCHES_KEY)).toEqual([FULL_NAME]);
      github.clearRequests();
      clock.advance(HOUR_MS);
      await swept(second.logs, 2);
      expect(
        github.requests
          .filter((r) => r.method === "GET" && r.path.endsWith("/issues"))
          .map((r) => r.path),
      ).toEqual(Array(3).fill(`/repos/${FULL_NAME}/issues`));
      expect(second.logs.filter((l) => l.msg === "digest sweep done")[1]).toMatchObject({
        touched: 1,
      });
      expect(await redis.exists(SWEEP_TOUCHES_KEY)).toBe(0);
      expect(github.writes()).toEqual([]);
    } finally {
      await first.schedulers.stop();
      await second.schedulers.stop();
      first.connection.disconnect();
      second.connection.disconnect();
    }
    expect(clock.pending).toBe(0);
  });
});
