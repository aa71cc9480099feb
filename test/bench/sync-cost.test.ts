import { describe, expect, it } from "vitest";
import {
  classify,
  countRequests,
  GITHUB_GUIDANCE_SPACING,
  PROBOT_DEFAULT_SPACING,
  postmortemMarkdown,
  runMerge,
  spacedWallMs,
} from "../../bench/sync-cost.js";

const req = (method: string, path: string) => ({ method, path });
const createIssue = req("POST", "/repos/o/r/issues");
const createComment = req("POST", "/repos/o/r/issues/42/comments");
const patchIssue = req("PATCH", "/repos/o/r/issues/7");
const createLabel = req("POST", "/repos/o/r/labels");
const list = req("GET", "/repos/o/r/issues");

describe("classify", () => {
  it("treats issue and comment creates as notifying writes", () => {
    expect(classify(createIssue.method, createIssue.path)).toEqual({
      write: true,
      notifying: true,
    });
    expect(classify(createComment.method, createComment.path)).toEqual({
      write: true,
      notifying: true,
    });
  });

  it("treats other mutations as plain writes and GETs as reads", () => {
    expect(classify(patchIssue.method, patchIssue.path)).toEqual({ write: true, notifying: false });
    expect(classify(createLabel.method, createLabel.path)).toEqual({
      write: true,
      notifying: false,
    });
    expect(classify("DELETE", "/repos/o/r/labels/x")).toEqual({ write: true, notifying: false });
    expect(classify(list.method, list.path)).toEqual({ write: false, notifying: false });
  });
});

describe("spacedWallMs", () => {
  it("adds only latency when nothing is spaced", () => {
    expect(spacedWallMs([list, createIssue, list], { writeGapMs: 0, notifyGapMs: 0 }, 10)).toBe(30);
  });

  it("spaces writes 1 s apart start to start, never delaying reads", () => {
    // label at 0, patch at 1000, read right after it.
    expect(spacedWallMs([createLabel, patchIssue, list], GITHUB_GUIDANCE_SPACING, 20)).toBe(1040);
  });

  it("spaces notifying writes 3 s apart under Probot's defaults", () => {
    // issue at 0, comment at 3000, issue at 6000.
    const log = [createIssue, createComment, createIssue];
    expect(spacedWallMs(log, PROBOT_DEFAULT_SPACING, 20)).toBe(6020);
    expect(spacedWallMs(log, GITHUB_GUIDANCE_SPACING, 20)).toBe(2020);
  });

  it("counts the write gap from the write gate, not from a later notification wait", () => {
    // issue 0; comment write gate 1000, sent at 3000; patch write gate max(3020, 2000) = 3020.
    const log = [createIssue, createComment, patchIssue];
    expect(spacedWallMs(log, PROBOT_DEFAULT_SPACING, 20)).toBe(3040);
  });
});

describe("postmortemMarkdown", () => {
  it("has N action items", () => {
    expect(postmortemMarkdown(3).match(/^- Add alerting on queue \d+ @alice$/gm)).toHaveLength(3);
  });
});

describe("runMerge against the local GitHub", () => {
  it("the server's lock, labels made: one create and the tracking issue and PR comment; nothing on redelivery", async () => {
    const run = await runMerge(1, { latencyMs: 0, throttled: false, labelsExist: true });
    // The tracker's issues are listed three times (two labels, one login): before the lock, under
    // it, and after the creates; one read each of the label lock, the assignee, the PR's comments.
    expect(countRequests(run.first)).toEqual({ total: 15, reads: 12, writes: 3, notifying: 3 });
    expect(run.first.every((r) => r.status < 300 || r.status === 404)).toBe(true);
    expect(countRequests(run.redelivery)).toEqual({ total: 3, reads: 3, writes: 0, notifying: 0 });
  });

  it("a repository's first merge also colours the three labels GitHub made grey", async () => {
    const run = await runMerge(1, { latencyMs: 0, throttled: false, redeliver: false });
    expect(countRequests(run.first).writes).toBe(6);
  });

  it("the label lock (CLI, Action) adds its create and delete, and no read of the label first", async () => {
    const run = await runMerge(10, {
      latencyMs: 0,
      throttled: false,
      lock: "label",
      labelsExist: true,
      redeliver: false,
    });
    const writes = run.first.filter((r) => classify(r.method, r.path).write);
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /repos/o/r/labels",
      ...Array<string>(10).fill("POST /repos/o/r/issues"),
      "POST /repos/o/r/issues/1/comments",
      "POST /repos/o/r/issues",
      "DELETE /repos/o/r/labels/postmortem-tracker-lock",
    ]);
  });
});
