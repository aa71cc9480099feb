import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderMarker } from "../../src/core/issue-marker.js";
import { setItemClosed } from "../../src/core/tracking-checklist.js";
import { renderTrackingBody } from "../../src/render/render.js";
import type { TrackingItemView } from "../../src/render/view-models.js";

const MARKER = renderMarker({ v: 1, kind: "tracking", path: "postmortems/x.md", pr: 42 });

function body(items: TrackingItemView[], summary: string | null = null): string {
  return renderTrackingBody({
    postmortem: {
      repoUrl: "https://github.com/acme/infra",
      sha: "9f2c4e1a7b3d5f60812a4c6e8b0d2f4a6c8e0b1d",
      path: "postmortems/x.md",
      title: "Outage",
      summary,
    },
    pr: 42,
    items,
    marker: MARKER,
  });
}

const filed = (issue: number, closed: boolean): TrackingItemView => ({
  kind: "filed",
  issue,
  closed,
});

describe("setItemClosed", () => {
  it("ticks a closed item and recounts, as the sync renders it", () => {
    const before = body([
      filed(1, false),
      filed(2, false),
      { kind: "tracked", number: 2, repo: null },
    ]);
    const after = setItemClosed(before, 2, true);
    expect(after).toBe(
      body([filed(1, false), filed(2, true), { kind: "tracked", number: 2, repo: null }]),
    );
    expect(after).toContain("- [x] #2\n");
    expect(after).toContain("- [ ] #2 (already tracked)");
    expect(after).toContain("3 action items: 1 closed, 1 open, 1 already tracked.");
  });

  it("unticks a reopened item", () => {
    expect(setItemClosed(body([filed(3, true)]), 3, false)).toBe(body([filed(3, false)]));
  });

  it("returns the same body when nothing changes, null when the item is not listed", () => {
    const b = body([filed(1, true)]);
    expect(setItemClosed(b, 1, true)).toBe(b);
    expect(setItemClosed(b, 7, true)).toBeNull();
    // "#1" inside "#12" is another issue.
    expect(setItemClosed(body([filed(12, false)]), 1, true)).toBeNull();
  });

  it("ignores task lines in the quoted incident summary", () => {
    const b = body([filed(1, false)], "- [ ] #1\n1 action item: 0 closed, 1 open");
    expect(setItemClosed(b, 1, true)).toBe(
      body([filed(1, true)], "- [ ] #1\n1 action item: 0 closed, 1 open"),
    );
  });

  it("keeps CRLF line ends a web edit may have left", () => {
    const b = body([filed(1, false), filed(2, false)]).replace(/\n/g, "\r\n");
    const after = setItemClosed(b, 2, true);
    expect(after).toBe(body([filed(1, false), filed(2, true)]).replace(/\n/g, "\r\n"));
  });

  it("property: toggling one item gives exactly the body the sync renders", () => {
    const item = fc.oneof(
      fc.record({
        kind: fc.constant("filed" as const),
        issue: fc.integer({ min: 1, max: 40 }),
        closed: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant("done" as const),
        title: fc.string({ maxLength: 30 }),
        line: fc.integer({ min: 1, max: 500 }),
      }),
      fc.record({
        kind: fc.constant("tracked" as const),
        number: fc.integer({ min: 1, max: 40 }),
        repo: fc.constantFrom(null, "acme/api"),
      }),
    );
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 12 }),
        fc.nat(),
        fc.boolean(),
        (raw, pick, closed) => {
          // The sync files one issue per item: issue numbers are unique among filed lines.
          const seen = new Set<number>();
          const items = raw.filter(
            (i) => i.kind !== "filed" || (!seen.has(i.issue) && seen.add(i.issue)),
          );
          const filedItems = items.filter((i) => i.kind === "filed");
          const target = filedItems[pick % Math.max(1, filedItems.length)];
          if (target === undefined) return;
          const expected = body(items.map((i) => (i === target ? { ...target, closed } : i)));
          expect(setItemClosed(body(items), target.issue, closed)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
