import { describe, expect, it } from "vitest";
import { renderMarker } from "../../src/core/issue-marker.js";
import { MAX_BODY_LENGTH, renderDigestComment } from "../../src/render/render.js";
import type { DigestCommentView, DigestItemView } from "../../src/render/view-models.js";

const marker = renderMarker({ v: 1, kind: "digest-week", week: "2026-W49" });

function item(number: number, owner: string): DigestItemView {
  return {
    number,
    title: `A long action item title that says a lot about queue ${number} `.repeat(3),
    due: "2026-11-20",
    priority: "P2",
    daysOverdue: 10,
    assignees: [owner],
    team: null,
  };
}

function view(owners: number, perOwner: number): DigestCommentView {
  const overdue = Array.from({ length: owners }, (_, o) => ({
    owner: `owner${o}`,
    items: Array.from({ length: perOwner }, (_, i) => item(o * perOwner + i + 1, `owner${o}`)),
  }));
  const all = overdue.flatMap((g) => g.items);
  return {
    week: "2026-W49",
    today: "2026-11-30",
    overdue,
    escalation: null,
    dueSoon: all.map((i) => ({ ...i, daysLeft: 3 })),
    unowned: all,
    closed: all.map((i) => ({ number: i.number, title: i.title, wontDo: false })),
    figures: {
      open: all.length,
      overdue: all.length,
      done: 0,
      wontDo: 0,
      completion: 0,
      medianDaysToClose: null,
      oldestOverdue: { number: 1, daysOverdue: 10 },
    },
    postmortems: [
      { title: "Queue", tracking: 1, adopted: false, done: 0, wontDo: 0, total: all.length },
    ],
    hidden: { overdue: 0, dueSoon: 0, unowned: 0, closed: 0, postmortems: 0 },
    marker,
  };
}

describe("renderDigestComment", () => {
  it.each([
    ["many owners", 2000, 1],
    ["one owner with many items", 1, 2000],
  ])(
    "fits a digest with %s into one GitHub comment, saying what it left out",
    (_name, owners, perOwner) => {
      const body = renderDigestComment(view(owners, perOwner));
      expect(body.length).toBeLessThanOrEqual(MAX_BODY_LENGTH);
      expect(body).toMatch(/…and \d+ more overdue items\./);
      expect(body).toMatch(/- …and \d+ more\n/);
      expect(body.trimEnd().split("\n").at(-1)).toBe(marker);
    },
  );

  it("refuses a marker of another kind", () => {
    expect(() =>
      renderDigestComment({
        ...view(1, 1),
        marker: renderMarker({ v: 1, kind: "summary", pr: 1 }),
      }),
    ).toThrow("Expected a digest-week marker");
  });
});
