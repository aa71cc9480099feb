import { describe, expect, it } from "vitest";
import { buildDigest, type DigestInput } from "../../src/core/digest/build-digest.js";
import { renderMarker } from "../../src/core/issue-marker.js";
import type { TrackedIssue } from "../../src/core/tracked-issue.js";

const BOT = "postmortem-tracker[bot]";
const NOW = new Date("2026-11-30T10:00:00Z"); // Monday, 2026-W49

function item(
  number: number,
  due: string,
  extra: Partial<TrackedIssue> = {},
  path = "pm/a.md",
): TrackedIssue {
  return {
    number,
    id: number,
    title: `Item ${number}`,
    body: `text\n${renderMarker({ v: 1, kind: "item", path, key: `k${number}`, due, priority: "P2" })}`,
    state: "open",
    stateReason: null,
    assignees: ["alice"],
    labels: [],
    author: BOT,
    authorType: "Bot",
    url: `https://github.com/acme/infra/issues/${number}`,
    createdAt: "2026-11-02T12:00:00Z",
    updatedAt: "2026-11-02T12:00:00Z",
    closedAt: null,
    ...extra,
  };
}

function closed(at: string, reason: string | null = "completed"): Partial<TrackedIssue> {
  return { state: "closed", stateReason: reason, closedAt: at };
}

function digest(issues: TrackedIssue[], extra: Partial<DigestInput> = {}) {
  return buildDigest({
    ownIssues: issues,
    adopted: [],
    now: NOW,
    config: {
      digest: { enabled: true, day: "monday", hour: 9, timezone: "UTC" },
      escalation: null,
    },
    ...extra,
  });
}

describe("buildDigest", () => {
  it("is null when nothing is tracked (markers of other kinds do not count)", () => {
    const tracking = item(1, "2026-12-01");
    tracking.body = renderMarker({ v: 1, kind: "tracking", path: "pm/a.md", pr: null });
    expect(digest([])).toBeNull();
    expect(digest([tracking])).toBeNull();
  });

  it.each([
    ["due yesterday", "2026-11-29", { overdue: 1, daysOverdue: 1, dueSoon: [] }],
    ["due today", "2026-11-30", { overdue: 0, daysOverdue: 0, dueSoon: [0] }],
    ["due in 7 days", "2026-12-07", { overdue: 0, daysOverdue: 0, dueSoon: [7] }],
    ["due in 8 days", "2026-12-08", { overdue: 0, daysOverdue: 0, dueSoon: [] }],
  ])("an open item %s", (_name, due, expected) => {
    const d = digest([item(1, due)]);
    expect(d?.figures.overdue).toBe(expected.overdue);
    expect(d?.dueSoon.map((i) => i.daysLeft)).toEqual(expected.dueSoon);
    expect(d?.overdue.flatMap((g) => g.items.map((i) => i.daysOverdue))).toEqual(
      expected.overdue ? [expected.daysOverdue] : [],
    );
  });

  it.each([
    ["completed", "completed", { done: 1, wontDo: 0 }],
    ["with no reason (older issues)", null, { done: 1, wontDo: 0 }],
    ["as not planned", "not_planned", { done: 0, wontDo: 1 }],
    ["as a duplicate", "duplicate", { done: 0, wontDo: 1 }],
  ])("an item closed %s", (_name, reason, expected) => {
    const d = digest([
      item(1, "2026-12-01", closed("2026-11-30T09:00:00Z", reason)),
      item(2, "2026-12-20"),
    ]);
    expect(d?.figures).toMatchObject(expected);
    expect(d?.closed).toEqual([{ number: 1, title: "Item 1", wontDo: expected.wontDo === 1 }]);
    expect(d?.postmortems).toEqual([
      {
        title: "pm/a.md",
        tracking: null,
        adopted: false,
        done: expected.done,
        wontDo: expected.wontDo,
        total: 2 - expected.wontDo,
      },
    ]);
  });

  it("reads 'closed this week' in the digest's time zone", () => {
    // Sunday 23:30 UTC is already Monday in Tokyo.
    const issues = [item(1, "2026-12-01", closed("2026-11-29T23:30:00Z"))];
    expect(digest(issues)?.closed).toEqual([]);
    const tokyo = digest(issues, {
      config: {
        digest: { enabled: true, day: "monday", hour: 9, timezone: "Asia/Tokyo" },
        escalation: null,
      },
    });
    expect(tokyo?.closed.map((c) => c.number)).toEqual([1]);
  });

  it("groups overdue items by owner, case-insensitively, one group per person", () => {
    const d = digest([
      item(1, "2026-11-20", { assignees: ["Alice"] }),
      item(2, "2026-11-25", { assignees: ["alice", "bob"] }),
      item(3, "2026-11-10", { assignees: [] }),
    ]);
    expect(d?.overdue.map((g) => [g.owner, g.items.map((i) => i.number)])).toEqual([
      ["Alice", [1, 2]],
      ["bob", [2]],
    ]);
    expect(d?.unowned.map((i) => i.number)).toEqual([3]);
    expect(d?.figures.oldestOverdue).toEqual({ number: 3, daysOverdue: 20 });
    expect(d?.overdueAssigned.map((i) => i.number)).toEqual([1, 2]);
  });

  it("computes completion and the median days to close (even count: the mean of the middle two)", () => {
    const d = digest([
      item(1, "2026-12-01", {
        createdAt: "2026-11-01T10:00:00Z",
        ...closed("2026-11-04T10:00:00Z"),
      }), // 3
      item(2, "2026-12-01", {
        createdAt: "2026-11-01T10:00:00Z",
        ...closed("2026-11-09T10:00:00Z"),
      }), // 8
      item(3, "2026-12-01", closed("2026-11-05T10:00:00Z", "not_planned")),
      item(4, "2026-12-20"),
    ]);
    expect(d?.figures).toEqual({
      open: 1,
      overdue: 0,
      done: 2,
      wontDo: 1,
      completion: 67,
      medianDaysToClose: 5.5,
      oldestOverdue: null,
    });
  });

  it("escalates items overdue for the configured weeks", () => {
    const d = digest([item(1, "2026-11-16"), item(2, "2026-11-17")], {
      config: {
        digest: { enabled: true, day: "monday", hour: 9, timezone: "UTC" },
        escalation: { afterWeeks: 2, mention: ["acme/leads"] },
      },
    });
    expect(d?.escalation).toMatchObject({ weeks: 2, mention: ["acme/leads"] });
    expect(d?.escalation?.items.map((i) => [i.number, i.daysOverdue])).toEqual([[1, 14]]);
  });

  it("counts adopted issues with their registry deadline, from adoption when they are done", () => {
    const human: TrackedIssue = {
      ...item(9, "2026-01-01"),
      body: "a human's text",
      author: "erin",
      createdAt: "2026-10-01T10:00:00Z",
      ...closed("2026-11-30T08:00:00Z"),
    };
    const d = digest([item(1, "2026-12-20")], {
      adopted: [
        {
          issue: human,
          entry: { number: 9, due: "2026-11-28", priority: "P1", since: "2026-11-20" },
        },
      ],
    });
    expect(d?.figures).toMatchObject({ done: 1, open: 1, medianDaysToClose: 10 });
    expect(d?.postmortems.at(-1)).toEqual({
      title: "",
      tracking: null,
      adopted: true,
      done: 1,
      wontDo: 0,
      total: 1,
    });
  });

  it("names a postmortem by its tracking issue, the oldest one if there are two", () => {
    const tracking = (number: number, title: string): TrackedIssue => ({
      ...item(number, "2026-12-01"),
      title,
      body: renderMarker({ v: 1, kind: "tracking", path: "pm/a.md", pr: 4 }),
    });
    const d = digest([
      tracking(7, "Postmortem: Later copy"),
      tracking(3, "Postmortem: Queue outage"),
      item(1, "2026-12-20"),
    ]);
    expect(d?.postmortems).toEqual([
      { title: "Queue outage", tracking: 3, adopted: false, done: 0, wontDo: 0, total: 1 },
    ]);
  });
});
