import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { isoWeek } from "../../src/core/digest/zoned-time.js";
import type { DigestRunReport } from "../../src/jobs/run-digest.js";
import { sweepDigests } from "../../src/jobs/run-digest.js";
import {
  HOUR_MS,
  readSchedulerSetting,
  startDigestScheduler,
} from "../../src/server/digest-scheduler.js";
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
