import { describe, expect, it } from "vitest";
import { readMarker, renderMarker } from "../../src/core/issue-marker.js";
import { replaceItemDue } from "../../src/core/item-due.js";
import type { ItemMarker } from "../../src/core/tracked-issue.js";

const MARKER: ItemMarker = {
  v: 1,
  kind: "item",
  path: "postmortems/x.md",
  key: "abc",
  due: "2026-12-26",
  priority: "P2",
};

const BODY = [
  "> - **Due:** quoted item text is not the due line",
  "",
  "- **Owner:** @alice",
  "- **Due:** Sat 26 Dec 2026 (`2026-12-26`), P2 policy: 30 days after the merge on Thu 26 Nov 2026",
  "- **Priority:** P2",
  "",
  renderMarker(MARKER),
  "",
].join("\n");

describe("replaceItemDue", () => {
  it("replaces the marker and the visible due line, nothing else", () => {
    const moved = renderMarker({ ...MARKER, due: "2027-01-05" });
    const line = "- **Due:** Tue 5 Jan 2027 (`2027-01-05`), set by @bob with `/due` $1 $&";
    const out = replaceItemDue(BODY, moved, line);
    expect(out).toBe(
      BODY.replace(/^- \*\*Due:\*\* Sat.*$/m, () => line).replace(renderMarker(MARKER), moved),
    );
    expect(readMarker(out, "item")?.due).toBe("2027-01-05");
    expect(out).toContain("> - **Due:** quoted item text");
  });

  it("null without a marker; a body without a due line only gets the new marker", () => {
    expect(replaceItemDue("no marker", renderMarker(MARKER), "x")).toBeNull();
    const bare = `text\n${renderMarker(MARKER)}\n`;
    const moved = renderMarker({ ...MARKER, due: "2027-01-05" });
    expect(replaceItemDue(bare, moved, "- **Due:** x")).toBe(`text\n${moved}\n`);
  });
});
