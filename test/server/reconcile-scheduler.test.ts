import { pino } from "pino";
import { describe, expect, it } from "vitest";
import type { RepoSyncReport } from "../../src/jobs/sync-repository.js";
import {
  readReconcileSetting,
  RECONCILE_FIRST_DELAY_MS,
  RECONCILE_INTERVAL_MS,
  startReconcileScheduler,
} from "../../src/server/reconcile-scheduler.js";
import { FakeClock } from "../helpers/fake-clock.js";

const silent = pino({ level: "silent" });

const START = Date.parse("2026-11-26T23:55:00Z");

describe("the in-process reconcile", () => {
  it("waits 10 minutes after start-up, then runs once a day, never two at once", async () => {
    const clock = new FakeClock(START);
    const days: string[] = [];
    const scheduler = startReconcileScheduler({
      clock,
      log: silent,
      sweep: (today) => {
        days.push(today);
        return Promise.resolve([]);
      },
    });

    clock.advance(RECONCILE_FIRST_DELAY_MS - 1);
    expect(days).toEqual([]);
    clock.advance(1);
    await scheduler.idle();
    // Started 23:55 UTC on the 26th: the first sweep runs at 00:05 on the 27th.
    expect(days).toEqual(["2026-11-27"]);
    clock.advance(RECONCILE_INTERVAL_MS);
    await scheduler.idle();
    expect(days).toEqual(["2026-11-27", "2026-11-28"]);

    await scheduler.stop();
    expect(clock.pending).toBe(0);
  });

  it("keeps going after a failed sweep", async () => {
    const clock = new FakeClock(START);
    let calls = 0;
    const scheduler = startReconcileScheduler({
      clock,
      log: silent,
      firstDelayMs: 0,
      sweep: () => {
        calls++;
        return calls === 1
          ? Promise.reject(new Error("GitHub is down"))
          : Promise.resolve([] as RepoSyncReport[]);
      },
    });
    clock.advance(0);
    await scheduler.idle();
    clock.advance(RECONCILE_INTERVAL_MS);
    await scheduler.idle();
    expect(calls).toBe(2);
    await scheduler.stop();
  });

  it.each([
    [{}, true],
    [{ RECONCILE_SCHEDULER: "on" }, true],
    [{ RECONCILE_SCHEDULER: "OFF" }, false],
  ])("reads %o as %s", (env, on) => {
    expect(readReconcileSetting(env)).toBe(on);
  });

  it("refuses any other value", () => {
    expect(() => readReconcileSetting({ RECONCILE_SCHEDULER: "daily" })).toThrow(
      'RECONCILE_SCHEDULER must be "on" or "off", got "daily"',
    );
  });
});
