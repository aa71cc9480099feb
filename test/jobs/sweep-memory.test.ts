import { describe, expect, it } from "vitest";
import { hourOf } from "../../src/jobs/quiet-repositories.js";
import type { DigestRunReport } from "../../src/jobs/run-digest.js";
import { makeSweepMemory, readSweepMemoryState } from "../../src/jobs/sweep-memory.js";

const LISTED = { pushedAt: "2026-11-01T00:00:00Z", openIssues: 2 };
/** Monday 2026-11-30 (2026-W49), 10:00 UTC. */
const MONDAY = new Date("2026-11-30T10:00:00Z");
const hoursLater = (hours: number) => new Date(MONDAY.getTime() + hours * 3_600_000);

function report(repo: string, outcome: DigestRunReport["outcome"]): DigestRunReport {
  return {
    repo,
    outcome,
    timezone: "UTC",
    week: "2026-W49",
    body: null,
    nudged: [],
    error: null,
  };
}

/** One sweep at `now` over `reports`' repositories, every one listed as LISTED. */
function sweep(memory: ReturnType<typeof makeSweepMemory>, now: Date, reports: DigestRunReport[]) {
  const skip = memory.skip(now);
  const skipped = reports.filter((r) => skip(r.repo, LISTED)).map((r) => r.repo);
  memory.record(
    reports.filter((r) => !skipped.includes(r.repo)),
    now,
  );
  return skipped;
}

describe("what a digest sweep remembers for the next", () => {
  const reports = [
    report("acme/posted", "posted"),
    report("acme/bare", "nothing-tracked"),
    report("acme/off", "disabled"),
  ];

  it("leaves alone a digest posted this week and a repository with nothing tracked", () => {
    expect([10, 11]).not.toContain(hourOf("acme/bare"));
    const memory = makeSweepMemory();
    expect(sweep(memory, MONDAY, reports)).toEqual([]);
    expect(sweep(memory, hoursLater(1), reports)).toEqual(["acme/posted", "acme/bare"]);
    expect(memory.sizes).toMatchObject({ settled: 1, quiet: 1 });
    // The next ISO week: the posted digest is due again (the quiet one stays quiet).
    expect(sweep(memory, hoursLater(24 * 7), reports)).not.toContain("acme/posted");
  });

  it("starts from its state as it was left, through JSON", () => {
    const memory = makeSweepMemory();
    sweep(memory, MONDAY, reports);
    const text = JSON.stringify(memory.state());

    const read = readSweepMemoryState(text);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const again = makeSweepMemory(read.state);
    expect(again.state()).toEqual(memory.state());
    expect(sweep(again, hoursLater(1), reports)).toEqual(["acme/posted", "acme/bare"]);
  });

  it.each([
    ["{", /^not JSON \(/],
    ["[]", /^not a sweep state of this version \(\(top\): /],
    [
      '{"v": 2, "settled": [], "quiet": [], "configs": []}',
      /^not a sweep state of this version \(v: /,
    ],
    [
      '{"v": 1, "settled": [], "quiet": [["acme/a", {"pushedAt": "x", "openIssues": -1, "readAt": 0}]], "configs": []}',
      /\(quiet\.0\.1\.openIssues: /,
    ],
  ])("refuses %s with a reason", (text, reason) => {
    const read = readSweepMemoryState(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason).toMatch(reason);
  });
});
