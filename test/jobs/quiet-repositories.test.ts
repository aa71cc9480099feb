import { describe, expect, it } from "vitest";
import type { ListedRepo } from "../../src/jobs/run-digest.js";
import { hourOf, makeQuietRepositories } from "../../src/jobs/quiet-repositories.js";

const REPO = "acme/infra";
/** acme/infra's own hour of the day (UTC). */
const OWN_HOUR = hourOf("acme/infra");
const LISTED: ListedRepo = { pushedAt: "2026-11-01T00:00:00Z", openIssues: 3 };
/** Hours after `from` at which acme/infra's own hour has not come yet. */
const READ_AT = new Date(Date.UTC(2026, 10, 30, (OWN_HOUR + 1) % 24));
const later = (hours: number) => new Date(READ_AT.getTime() + hours * 3_600_000);

function readOnce(listed: ListedRepo = LISTED, nothingTracked = true) {
  const quiet = makeQuietRepositories();
  expect(quiet.isQuiet(REPO, listed, READ_AT)).toBe(false);
  quiet.record(REPO, nothingTracked, READ_AT);
  return quiet;
}

describe("the digest scheduler's memory of repositories with nothing tracked", () => {
  it("leaves a repository alone while the listing shows the same push and open-issue count", () => {
    const quiet = readOnce();
    expect(quiet.isQuiet(REPO, LISTED, later(1))).toBe(true);
    expect(quiet.isQuiet("ACME/Infra", LISTED, later(2))).toBe(true);
    expect(quiet.size).toBe(1);
  });

  it.each([
    ["a new open-issue count", { ...LISTED, openIssues: 4 }],
    ["a push", { ...LISTED, pushedAt: "2026-11-30T12:00:00Z" }],
    ["no count in the listing", { ...LISTED, openIssues: null }],
    ["no pushed_at in the listing", { ...LISTED, pushedAt: null }],
  ] as const)("reads it again after %s", (_, listed) => {
    expect(readOnce().isQuiet(REPO, listed, later(1))).toBe(false);
  });

  it("reads it again after an issues event, once", () => {
    const quiet = readOnce();
    quiet.touch("Acme/Infra");
    expect(quiet.isQuiet(REPO, LISTED, later(1))).toBe(false);
    quiet.record(REPO, true, later(1));
    expect(quiet.isQuiet(REPO, LISTED, later(2))).toBe(true);
  });

  it("keeps a touch that came after the read for the next sweep", () => {
    const quiet = readOnce();
    quiet.touch(REPO);
    expect(quiet.isQuiet(REPO, LISTED, later(1))).toBe(false);
    quiet.touch(REPO); // while the sweep goes on, after this repository was read
    quiet.record(REPO, true, later(1));
    expect(quiet.isQuiet(REPO, LISTED, later(2))).toBe(false);
  });

  it("reads it again in its own hour of the day, and after 25 hours whatever the hour", () => {
    const quiet = readOnce();
    const own = later(23); // READ_AT is an hour past acme/infra's hour
    expect(own.getUTCHours()).toBe(OWN_HOUR);
    expect(quiet.isQuiet(REPO, LISTED, later(22))).toBe(true);
    expect(quiet.isQuiet(REPO, LISTED, own)).toBe(false);
    expect(quiet.isQuiet(REPO, LISTED, later(24))).toBe(true);
    expect(quiet.isQuiet(REPO, LISTED, later(25))).toBe(false);
  });

  it("remembers only 'nothing tracked': any other outcome forgets the repository", () => {
    const quiet = readOnce();
    expect(quiet.isQuiet(REPO, LISTED, later(1))).toBe(true);
    quiet.touch(REPO);
    expect(quiet.isQuiet(REPO, LISTED, later(2))).toBe(false);
    quiet.record(REPO, false, later(2));
    expect(quiet.isQuiet(REPO, LISTED, later(3))).toBe(false);
    expect(quiet.size).toBe(0);
    expect(readOnce(LISTED, false).isQuiet(REPO, LISTED, later(1))).toBe(false);
  });

  it("drops the oldest memory when full", () => {
    const quiet = makeQuietRepositories([], 2);
    for (const name of ["acme/a", "acme/b", "acme/c"]) {
      quiet.isQuiet(name, LISTED, READ_AT);
      quiet.record(name, true, READ_AT);
    }
    expect(quiet.size).toBe(2);
  });

  it("spreads the repositories of an organisation over the day", () => {
    const perHour = new Array<number>(24).fill(0);
    for (let i = 0; i < 2400; i++) {
      const hour = hourOf(`acme/repo-${String(i)}`);
      perHour[hour] = (perHour[hour] ?? 0) + 1;
    }
    expect(Math.min(...perHour)).toBeGreaterThan(60);
    expect(Math.max(...perHour)).toBeLessThan(140);
  });
});
