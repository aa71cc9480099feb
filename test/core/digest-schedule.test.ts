import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config.js";
import { digestSlot, isDigestDue, type DigestSchedule } from "../../src/core/digest/schedule.js";
import { isoWeek, localTime, weekStart } from "../../src/core/digest/zoned-time.js";

function schedule(day: DigestSchedule["day"], hour: number, timezone: string): DigestSchedule {
  return { enabled: true, day, hour, timezone };
}

describe("isoWeek", () => {
  it.each([
    ["2026-11-26", "2026-W48"],
    ["2026-11-30", "2026-W49"],
    ["2026-01-01", "2026-W01"], // a Thursday: week 1 of its own year
    ["2026-12-28", "2026-W53"], // 2026 has 53 weeks
    ["2027-01-03", "2026-W53"], // the Sunday still belongs to 2026's last week
    ["2027-01-04", "2027-W01"],
    ["2024-12-30", "2025-W01"], // a Monday in December in next year's week 1
    ["2021-01-03", "2020-W53"],
  ])("%s is in %s", (date, week) => {
    expect(isoWeek(date)).toBe(week);
  });

  it("rejects what is not a date", () => {
    expect(() => isoWeek("2026-02-30")).toThrow("not a calendar date");
  });
});

describe("localTime", () => {
  it.each([
    // One instant, read in several zones.
    ["2026-11-29T23:30:00Z", "UTC", { date: "2026-11-29", weekday: 7, hour: 23 }],
    ["2026-11-29T23:30:00Z", "Asia/Tokyo", { date: "2026-11-30", weekday: 1, hour: 8 }],
    ["2026-11-29T23:30:00Z", "America/Los_Angeles", { date: "2026-11-29", weekday: 7, hour: 15 }],
    ["2026-11-29T23:30:00Z", "Asia/Kolkata", { date: "2026-11-30", weekday: 1, hour: 5 }],
    // Midnight is hour 0, never 24.
    ["2026-11-30T05:00:00Z", "America/New_York", { date: "2026-11-30", weekday: 1, hour: 0 }],
  ])("%s in %s", (iso, zone, expected) => {
    expect(localTime(new Date(iso), zone)).toEqual(expected);
  });
});

describe("digestSlot and isDigestDue", () => {
  it.each([
    // America/New_York leaves DST on Sunday 2026-11-01 at 02:00 (UTC-4 → UTC-5).
    ["2026-10-25T12:59:00Z", schedule("sunday", 9, "America/New_York"), "2026-W43", false], // 08:59 EDT
    ["2026-10-25T13:00:00Z", schedule("sunday", 9, "America/New_York"), "2026-W43", true], // 09:00 EDT
    ["2026-11-01T13:30:00Z", schedule("sunday", 9, "America/New_York"), "2026-W44", false], // 08:30 EST
    ["2026-11-01T14:00:00Z", schedule("sunday", 9, "America/New_York"), "2026-W44", true], // 09:00 EST
    // The repeated hour (01:00-01:59 happens twice): the first one already counts.
    ["2026-11-01T05:30:00Z", schedule("sunday", 1, "America/New_York"), "2026-W44", true], // 01:30 EDT
    ["2026-11-01T04:59:00Z", schedule("sunday", 1, "America/New_York"), "2026-W44", false], // 00:59 EDT
    // Europe/Berlin leaves DST on Sunday 2026-10-25 at 03:00 (UTC+2 → UTC+1).
    ["2026-10-19T06:59:00Z", schedule("monday", 9, "Europe/Berlin"), "2026-W43", false], // 08:59 CEST
    ["2026-10-19T07:00:00Z", schedule("monday", 9, "Europe/Berlin"), "2026-W43", true], // 09:00 CEST
    ["2026-10-26T07:30:00Z", schedule("monday", 9, "Europe/Berlin"), "2026-W44", false], // 08:30 CET
    ["2026-10-26T08:00:00Z", schedule("monday", 9, "Europe/Berlin"), "2026-W44", true], // 09:00 CET
    // A skipped hour (New York, 2026-03-08 02:00 → 03:00) is caught up by the next one.
    ["2026-03-08T06:59:00Z", schedule("sunday", 2, "America/New_York"), "2026-W10", false], // 01:59 EST
    ["2026-03-08T07:00:00Z", schedule("sunday", 2, "America/New_York"), "2026-W10", true], // 03:00 EDT
    // The same instant across zones: Monday morning in Tokyo, still Sunday in UTC.
    ["2026-11-29T23:30:00Z", schedule("monday", 8, "Asia/Tokyo"), "2026-W49", true],
    ["2026-11-29T23:30:00Z", schedule("monday", 8, "UTC"), "2026-W48", true], // last Monday passed
    ["2026-11-30T07:59:00Z", schedule("monday", 8, "UTC"), "2026-W49", false],
    // Catching up: any later day of the week is past the slot.
    ["2026-12-05T03:00:00Z", schedule("wednesday", 17, "Europe/London"), "2026-W49", true],
    ["2026-12-01T03:00:00Z", schedule("wednesday", 17, "Europe/London"), "2026-W49", false],
  ])("at %s with %j: week %s, reached %s", (iso, sched, week, reached) => {
    expect(digestSlot(new Date(iso), sched)).toMatchObject({ week, reached });
  });

  it("is due once the slot is reached and until this week's comment exists", () => {
    const sched = schedule("monday", 9, "Europe/Berlin");
    const at = new Date("2026-10-26T08:00:00Z");
    expect(isDigestDue(at, sched, [])).toBe(true);
    expect(isDigestDue(at, sched, ["2026-W43"])).toBe(true);
    expect(isDigestDue(at, sched, ["2026-W44"])).toBe(false);
    expect(isDigestDue(at, { ...sched, enabled: false }, [])).toBe(false);
    expect(isDigestDue(new Date("2026-10-26T07:59:00Z"), sched, [])).toBe(false);
  });
});

describe("weekStart", () => {
  it.each([
    ["2026-11-04T12:00:00Z", "America/New_York", "2026-11-02T05:00:00.000Z"],
    // The week after Berlin left DST starts at midnight CET.
    ["2026-10-28T12:00:00Z", "Europe/Berlin", "2026-10-25T23:00:00.000Z"],
    // The week in which it left DST started at midnight CEST.
    ["2026-10-25T12:00:00Z", "Europe/Berlin", "2026-10-18T22:00:00.000Z"],
    ["2026-11-30T00:00:00Z", "UTC", "2026-11-30T00:00:00.000Z"],
    ["2026-11-29T23:59:59Z", "UTC", "2026-11-23T00:00:00.000Z"],
    ["2026-11-30T10:00:00Z", "Asia/Kathmandu", "2026-11-29T18:15:00.000Z"],
  ])("of %s in %s is %s", (iso, zone, start) => {
    expect(weekStart(new Date(iso), zone).toISOString()).toBe(start);
  });
});

describe("digest config", () => {
  it("has defaults: on, Monday 09:00 UTC; nudges and escalation off", () => {
    const parsed = parseConfig({}, "x.yml");
    expect(parsed.ok && parsed.config.digest).toEqual({
      enabled: true,
      day: "monday",
      hour: 9,
      timezone: "UTC",
    });
    expect(parsed.ok && [parsed.config.nudges, parsed.config.escalation]).toEqual([false, null]);
  });

  it.each([
    [
      { digest: { timezone: "Europe/Berlln" } },
      'digest.timezone: not an IANA time zone: "Europe/Berlln" (write it like Europe/Berlin, America/New_York or UTC)',
    ],
    [
      { digest: { timezone: "" } },
      'digest.timezone: not an IANA time zone: "" (write it like Europe/Berlin, America/New_York or UTC)',
    ],
    [{ digest: { hour: 24 } }, "digest.hour: Too big: expected number to be <=23"],
    [
      { digest: { day: "Mon" } },
      'digest.day: Invalid option: expected one of "monday"|"tuesday"|"wednesday"|"thursday"|"friday"|"saturday"|"sunday"',
    ],
    [{ digest: { when: "monday" } }, 'digest: Unrecognized key: "when"'],
    [
      { escalation: { afterWeeks: 0, mention: ["lead"] } },
      "escalation.afterWeeks: Too small: expected number to be >=1",
    ],
    [
      { escalation: { afterWeeks: 2, mention: ["not a login"] } },
      "escalation.mention.0: must be a GitHub login or an org/team slug, with or without @",
    ],
  ])("rejects %j with a clear message", (value, message) => {
    expect(parseConfig(value, "x.yml")).toEqual({
      ok: false,
      error: `Invalid config in x.yml: ${message}`,
      source: "x.yml",
    });
  });

  it("accepts IANA zones and aliases", () => {
    for (const timezone of [
      "America/New_York",
      "Europe/Berlin",
      "Asia/Kathmandu",
      "UTC",
      "Etc/GMT+5",
    ]) {
      expect(parseConfig({ digest: { timezone } }, "x.yml").ok).toBe(true);
    }
  });
});
