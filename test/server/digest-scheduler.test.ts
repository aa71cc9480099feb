import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { isoWeek } from "../../src/core/digest/zoned-time.js";
import { hourOf } from "../../src/jobs/quiet-repositories.js";
import type { DigestRunReport } from "../../src/jobs/run-digest.js";
import { sweepDigests } from "../../src/jobs/run-digest.js";
import type { SweepMemoryState } from "../../src/jobs/sweep-memory.js";
import {
  HOUR_MS,
  readSchedulerSetting,
  type DigestSchedulerOptions,
  startDigestScheduler,
} from "../../src/server/digest-scheduler.js";
import type { SweepMemoryStore } from "../../src/server/redis-sweep-memory.js";
import { FakeClock } from "../helpers/fake-clock.js";
import { FakeGitHub } from "../helpers/github-mock.js";
import { makeProbot } from "../helpers/probot.js";
import { seedRepository } from "../jobs/digest-fixture.js";

const silent = pino({ level: "silent" });

function report(
  repo: string,
  outcome: DigestRunReport["outcome"],
  week: string | null,
): DigestRunReport {
  return { repo, outcome, timezone: "UTC", week, body: null, nudged: [], error: null };
}

describe("the in-process digest scheduler", () => {
  it("sweeps at once (catching up), then hourly, and skips repositories settled for the week", async () => {
    const clock = new FakeClock(Date.parse("2026-11-30T10:30:00Z"));
    const seen: { now: string; skipped: boolean }[] = [];
    const scheduler = startDigestScheduler({
      clock,
      log: silent,
      sweep: (now, memory) => {
        const skipped = memory.skip(now)("acme/infra", {
          pushedAt: "2026-11-01T00:00:00Z",
          openIssues: 1,
        });
        seen.push({ now: now.toISOString(), skipped });
        const week = isoWeek(now.toISOString().slice(0, 10));
        return Promise.resolve(skipped ? [] : [report("acme/infra", "posted", week)]);
      },
    });
    await scheduler.idle();
    clock.advance(HOUR_MS);
    await scheduler.idle();
    // Hour by hour to a week later, when the repository is due again.
    for (let hour = 2; hour <= 7 * 24; hour++) {
      clock.advance(HOUR_MS);
      await scheduler.idle();
    }
    await scheduler.stop();

    expect(seen.slice(0, 2)).toEqual([
      { now: "2026-11-30T10:30:00.000Z", skipped: false },
      { now: "2026-11-30T11:30:00.000Z", skipped: true },
    ]);
    expect(seen).toHaveLength(7 * 24 + 1);
    expect(seen.filter((s) => !s.skipped).map((s) => s.now)).toEqual([
      "2026-11-30T10:30:00.000Z",
      "2026-12-07T00:30:00.000Z", // a new ISO week in UTC: the job decides whether it is due
    ]);
    expect(clock.pending).toBe(0);
  });

  it("keeps going after a failed sweep, and stop() waits for the sweep in progress", async () => {
    const clock = new FakeClock(Date.parse("2026-11-30T10:00:00Z"));
    let calls = 0;
    let finish: () => void = () => undefined;
    const scheduler = startDigestScheduler({
      clock,
      log: silent,
      sweep: () => {
        calls += 1;
        if (calls === 1) return Promise.reject(new Error("GitHub is down"));
        return new Promise((resolve) => {
          finish = () => {
            resolve([]);
          };
        });
      },
    });
    await scheduler.idle();
    clock.advance(HOUR_MS);
    expect(calls).toBe(2);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
    clock.advance(10 * HOUR_MS);
    expect(calls).toBe(2);
    expect(clock.pending).toBe(0);
  });

  it("posts each repository once its local day and hour have passed, then reads nothing more that week", async () => {
    const github = new FakeGitHub()
      .appIdentity()
      .installationList()
      .installationToken()
      .installationRepos()
      .config("digest:\n  day: monday\n  hour: 9\n  timezone: America/New_York\n")
      .issueListPaged()
      .commentCreateAt("2026-11-30T14:00:05Z")
      .commentListSince();
    seedRepository(github);
    github.addIssue({
      title: "Postmortem action items",
      body: `x\n${digestMarker()}`,
      labels: ["postmortem"],
      assignees: [],
    }).updated_at = "2026-11-23T09:00:00Z";
    const { probot } = await makeProbot();
    const clock = new FakeClock(Date.parse("2026-11-30T12:00:00Z")); // 07:00 in New York
    const scheduler = startDigestScheduler({
      clock,
      log: silent,
      sweep: (now, memory) =>
        sweepDigests({ app: () => probot.auth(), installation: (id) => probot.auth(id) }, silent, {
          now,
          dryRun: false,
          onlyWhenDue: true,
          skip: memory.skip(now),
        }),
    });
    await scheduler.idle();
    expect(github.writes()).toEqual([]);
    clock.advance(HOUR_MS); // 08:00
    await scheduler.idle();
    expect(github.writes()).toEqual([]);
    clock.advance(HOUR_MS); // 09:00 in New York: due
    await scheduler.idle();
    expect(github.writes().map((w) => `${w.method} ${w.path}`)).toEqual([
      "POST /repos/acme/infra/issues/9/comments",
    ]);
    github.clearRequests();
    clock.advance(HOUR_MS);
    await scheduler.idle();
    await scheduler.stop();
    // Settled for the week: only the installation and repository lists are read.
    expect(github.calls()).toEqual([
      "GET /app",
      "GET /app/installations",
      "GET /installation/repositories",
    ]);
  });

  it("with a store: loads before the first sweep, takes touches before each, saves after each", async () => {
    // Three sweeps, none in acme/infra's own hour (when it is read whatever the memory says).
    const clock = new FakeClock(Date.parse("2026-11-30T10:30:00Z"));
    expect([10, 11, 12]).not.toContain(hourOf("acme/infra"));
    const store = new FakeStore(quietInfra(Date.parse("2026-11-30T09:30:00Z")));
    store.touchesToTake = [[], ["Acme/Infra"], []];
    const scheduler = startDigestScheduler({
      clock,
      log: silent,
      memoryStore: store,
      sweep: quietSweep(store.events),
    });
    await scheduler.idle();
    clock.advance(HOUR_MS);
    await scheduler.idle();
    clock.advance(HOUR_MS);
    await scheduler.idle();
    await scheduler.stop();

    // The loaded memory spares acme/infra at 10:30; the touch taken at 11:30 has it read.
    expect(store.events).toEqual([
      "load",
      "take",
      "sweep 10:30 skipped",
      "save",
      "take",
      "sweep 11:30 read",
      "save",
      "take",
      "sweep 12:30 skipped",
      "save",
    ]);
    expect(store.saved.map((state) => state.quiet)).toEqual([
      [["acme/infra", { pushedAt: LISTED.pushedAt, openIssues: 1, readAt: at("09:30") }]],
      [["acme/infra", { pushedAt: LISTED.pushedAt, openIssues: 1, readAt: at("11:30") }]],
      [["acme/infra", { pushedAt: LISTED.pushedAt, openIssues: 1, readAt: at("11:30") }]],
    ]);
    expect(clock.pending).toBe(0);
  });

  it("with a store: a webhook's touch that comes while the memory loads is not lost with it", async () => {
    const clock = new FakeClock(Date.parse("2026-11-30T10:30:00Z"));
    const store = new FakeStore(quietInfra(Date.parse("2026-11-30T09:30:00Z")));
    let loaded: () => void = () => undefined;
    const loading = new Promise<void>((resolve) => {
      loaded = resolve;
    });
    const load = store.load;
    store.load = () => loading.then(load);
    const scheduler = startDigestScheduler({
      clock,
      log: silent,
      memoryStore: store,
      sweep: quietSweep(store.events),
    });
    scheduler.touch("acme/infra");
    loaded();
    await scheduler.idle();
    await scheduler.stop();
    expect(store.events).toEqual(["load", "take", "sweep 10:30 read", "save"]);
  });

  it.each([
    ["throws", "store failed (Error)"],
    ["answers with a problem", "redis error (ECONNREFUSED)"],
  ])(
    "with a store that %s: sweeps on from an empty memory, and warns at each step",
    async (how, problem) => {
      const clock = new FakeClock(Date.parse("2026-11-30T10:30:00Z"));
      const events: string[] = [];
      const fail = () =>
        how === "throws"
          ? Promise.reject(new Error("Connection is closed. redis://:secret@redis:6379"))
          : Promise.resolve({ state: null, repos: [], problem });
      const store: SweepMemoryStore = {
        load: fail,
        save: fail,
        touch: fail,
        takeTouches: fail,
      };
      const { log, lines } = capturingLog();
      const scheduler = startDigestScheduler({
        clock,
        log,
        memoryStore: store,
        sweep: quietSweep(events),
      });
      await scheduler.idle();
      clock.advance(HOUR_MS);
      await scheduler.idle();
      await scheduler.stop();
      // Nothing loaded: read at 10:30; remembered in memory all the same: spared at 11:30.
      expect(events).toEqual(["sweep 10:30 read", "sweep 11:30 skipped"]);
      expect(lines.filter((l) => l.level === 40).map((l) => [l.msg, l.problem])).toEqual([
        ["sweep memory not loaded: this sweep reads every repository", problem],
        [
          "webhook touches not taken: those repositories wait for their listing or their hour",
          problem,
        ],
        ["sweep memory not saved: the next leader's first sweep reads more", problem],
        [
          "webhook touches not taken: those repositories wait for their listing or their hour",
          problem,
        ],
        ["sweep memory not saved: the next leader's first sweep reads more", problem],
      ]);
      expect(lines.filter((l) => l.msg === "digest sweep done")).toHaveLength(2);
      expect(JSON.stringify(lines)).not.toContain("secret");
    },
  );

  it.each([
    [{}, false],
    [{ DIGEST_SCHEDULER: "on" }, true],
    [{ DIGEST_SCHEDULER: "OFF" }, false],
  ])("reads DIGEST_SCHEDULER from %j", (env, on) => {
    expect(readSchedulerSetting(env)).toBe(on);
  });

  it("rejects other values of DIGEST_SCHEDULER", () => {
    expect(() => readSchedulerSetting({ DIGEST_SCHEDULER: "yes" })).toThrow(
      'DIGEST_SCHEDULER must be "on" or "off", got "yes"',
    );
  });
});

function digestMarker(): string {
  return `<!-- postmortem-tracker:v1 ${Buffer.from(JSON.stringify({ v: 1, kind: "digest", adopted: [] })).toString("base64url")} -->`;
}

/** What acme/infra's listing says every hour in the store tests. */
const LISTED = { pushedAt: "2026-11-01T00:00:00Z", openIssues: 1 };

function at(hhmm: string): number {
  return Date.parse(`2026-11-30T${hhmm}:00Z`);
}

/** A stored memory in which acme/infra, read at `readAt`, had nothing tracked. */
function quietInfra(readAt: number): SweepMemoryState {
  return {
    v: 1,
    settled: [],
    quiet: [["acme/infra", { ...LISTED, readAt }]],
    configs: [],
  };
}

/** A sweep of acme/infra alone that finds nothing tracked there whenever it reads it. */
function quietSweep(events: string[]): DigestSchedulerOptions["sweep"] {
  return (now, memory) => {
    const skipped = memory.skip(now)("acme/infra", LISTED);
    events.push(`sweep ${now.toISOString().slice(11, 16)} ${skipped ? "skipped" : "read"}`);
    return Promise.resolve(skipped ? [] : [report("acme/infra", "nothing-tracked", null)]);
  };
}

/** A store in memory that notes each call in `events`. */
class FakeStore implements SweepMemoryStore {
  readonly events: string[] = [];
  readonly saved: SweepMemoryState[] = [];
  /** What each takeTouches() answers, in turn. */
  touchesToTake: string[][] = [];
  private readonly stored: SweepMemoryState | null;
  constructor(stored: SweepMemoryState | null) {
    this.stored = stored;
  }
  load = () => {
    this.events.push("load");
    return Promise.resolve({ state: structuredClone(this.stored), problem: null });
  };
  save = (state: SweepMemoryState) => {
    this.events.push("save");
    this.saved.push(structuredClone(state));
    return Promise.resolve({ problem: null });
  };
  touch = () => Promise.resolve({ problem: null });
  takeTouches = () => {
    this.events.push("take");
    return Promise.resolve({ repos: this.touchesToTake.shift() ?? [], problem: null });
  };
}

function capturingLog() {
  const lines: (Record<string, unknown> & { level: number; msg?: string })[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString("utf8").split("\n"))
        if (line !== "") lines.push(JSON.parse(line) as (typeof lines)[number]);
      callback();
    },
  });
  return { log: pino({ level: "trace" }, sink), lines };
}
