import { describe, expect, it } from "vitest";
import { addCounts, EMPTY_TALLY, tallyOutputs } from "../../src/action/describe-run.js";
import { readLogRecord } from "../../src/action/action-log.js";

describe("readLogRecord: the handlers' pino records as job log lines", () => {
  it("a warning about a postmortem is an annotation on its file, with the fields kept", () => {
    expect(
      readLogRecord({
        level: 40,
        time: 1,
        msg: "postmortem not found at the commit; skipped",
        path: "postmortems/a.md",
        sha: "abc",
      }),
    ).toEqual({
      kind: "warning",
      message: "postmortem not found at the commit; skipped (path=postmortems/a.md, sha=abc)",
      file: "postmortems/a.md",
    });
  });

  it("levels: error ≥ 50, warning 40, info 30, debug below", () => {
    const kinds = [60, 50, 40, 30, 20, 10].map((level) => readLogRecord({ level, msg: "m" }).kind);
    expect(kinds).toEqual(["error", "error", "warning", "info", "debug", "debug"]);
  });

  it("objects are logged as JSON", () => {
    expect(readLogRecord({ level: 30, msg: "synced", counts: { created: 2 } }).message).toBe(
      'synced (counts={"created":2})',
    );
  });
});

describe("the Action's outputs", () => {
  it("sums the counts of several syncs and lists each issue once", () => {
    const counts = (created: number, issues: number[]) => ({
      planned: {},
      created,
      updated: 1,
      closed: 0,
      unchanged: 2,
      writes: 0,
      issues,
    });
    const tally = addCounts(addCounts(EMPTY_TALLY, counts(2, [4, 5, 6])), counts(1, [6, 7]));
    expect(tallyOutputs(tally)).toEqual({
      filed: "3",
      updated: "2",
      closed: "0",
      skipped: "4",
      issues: "[4,5,6,7]",
    });
  });
});
