import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readMarker, readMarkers, renderMarker } from "../../src/core/issue-marker.js";
import type { ItemMarker, Marker, TrackingMarker } from "../../src/core/tracked-issue.js";
import { PRIORITIES } from "../../src/core/types.js";

const ITEM: ItemMarker = {
  v: 1,
  kind: "item",
  path: "postmortems/2026-01-12-db-failover.md",
  key: "fbcfd41c04c2",
  due: "2026-12-26",
  priority: "P2",
};
const TRACKING: TrackingMarker = { v: 1, kind: "tracking", path: ITEM.path, pr: 42 };

/** A marker line with an arbitrary JSON payload, as a forger (or a future version) would write. */
function forged(payload: unknown, version = 1): string {
  const encoded = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `<!-- postmortem-tracker:v${version} ${encoded} -->`;
}

describe("renderMarker", () => {
  it("writes one hidden comment line with a base64url JSON payload", () => {
    const line = renderMarker(ITEM);
    expect(line).toMatch(/^<!-- postmortem-tracker:v1 [A-Za-z0-9_-]+ -->$/);
    const payload = line.split(" ")[2] ?? "";
    expect(JSON.parse(Buffer.from(payload, "base64url").toString("utf8"))).toEqual(ITEM);
  });

  it("stays one inert line whatever the path holds", () => {
    const line = renderMarker({ ...ITEM, path: "a -->\n<!-- b\n# c | `d` @everyone.md" });
    expect(line).not.toContain("\n");
    expect(line.indexOf("-->")).toBe(line.length - 3);
    expect(line).not.toContain("@");
  });

  it("refuses a marker it could not read back", () => {
    expect(() => renderMarker({ ...ITEM, due: "2026-02-30" })).toThrow();
    expect(() => renderMarker({ ...ITEM, key: "" })).toThrow();
    expect(() => renderMarker({ ...TRACKING, pr: 0 })).toThrow();
    expect(() => renderMarker({ ...ITEM, priority: "P9" } as unknown as Marker)).toThrow();
  });
});

describe("readMarkers", () => {
  it("finds every marker in a body, in order", () => {
    const body = ["Some text", renderMarker(TRACKING), "more", renderMarker(ITEM)].join("\n");
    expect(readMarkers(body)).toEqual([TRACKING, ITEM]);
  });

  it("reads markers of either kind by kind; the last one wins", () => {
    const later = { ...ITEM, key: "later" };
    const body = `${renderMarker(ITEM)}\n${renderMarker(TRACKING)}\n${renderMarker(later)}`;
    expect(readMarker(body, "item")).toEqual(later);
    expect(readMarker(body, "tracking")).toEqual(TRACKING);
    expect(readMarker("no marker here", "item")).toBeNull();
  });

  it("returns nothing for empty and missing bodies", () => {
    expect(readMarkers("")).toEqual([]);
    expect(readMarkers(null)).toEqual([]);
    expect(readMarkers(undefined)).toEqual([]);
  });

  it("ignores unknown versions, unknown kinds and invalid fields", () => {
    const cases = [
      forged(ITEM, 2),
      forged({ ...ITEM, v: 2 }),
      forged({ ...ITEM, kind: "digest" }),
      forged({ ...ITEM, priority: "P9" }),
      forged({ ...ITEM, due: "2026-02-30" }),
      forged({ ...ITEM, due: "26 Dec 2026" }),
      forged({ ...ITEM, path: "" }),
      forged({ ...ITEM, key: 12 }),
      forged({ ...TRACKING, pr: -1 }),
      forged({ ...TRACKING, pr: 1.5 }),
      forged({ v: 1, kind: "tracking", path: "x.md" }),
      forged([ITEM]),
      forged(null),
      forged("item"),
    ];
    for (const line of cases) expect(readMarkers(line), line).toEqual([]);
  });

  it("ignores corrupt payloads", () => {
    const good = renderMarker(ITEM);
    const payload = good.split(" ")[2] ?? "";
    const cases = [
      good.replace(payload, payload.slice(0, -3)), // truncated
      good.replace(payload, `${payload}A`), // not canonical base64url
      good.replace(payload, Buffer.from("{not json", "utf8").toString("base64url")),
      good.replace(payload, Buffer.from([0xff, 0xfe, 0x7b]).toString("base64url")), // not UTF-8
      good.replace(payload, `${payload.slice(0, 4)}+/${payload.slice(6)}`), // base64 alphabet
      good.replace("v1 ", "v1  "),
      good.replace(" -->", "-->"),
      good.replace("<!-- ", "<!--"),
    ];
    for (const line of cases) expect(readMarkers(line), line).toEqual([]);
  });

  it("drops fields it does not know (a newer v1 writer may add some)", () => {
    expect(readMarkers(forged({ ...ITEM, note: "extra" }))).toEqual([ITEM]);
  });
});

const text = fc.string({ unit: "binary", minLength: 1, maxLength: 200 });
const isoDay = fc
  .date({ min: new Date("1900-01-01"), max: new Date("2999-12-31"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const markerArb: fc.Arbitrary<Marker> = fc.oneof(
  fc.record({
    v: fc.constant(1 as const),
    kind: fc.constant("item" as const),
    path: text,
    key: text,
    due: isoDay,
    priority: fc.constantFrom(...PRIORITIES),
  }),
  fc.record({
    v: fc.constant(1 as const),
    kind: fc.constant("tracking" as const),
    path: text,
    pr: fc.option(fc.integer({ min: 1, max: 2 ** 31 }), { nil: null }),
  }),
);

describe("properties", () => {
  it("render → read round-trips any valid marker, wherever it sits in a body", () => {
    fc.assert(
      fc.property(markerArb, fc.string(), fc.string(), (marker, before, after) => {
        expect(readMarkers(renderMarker(marker))).toEqual([marker]);
        const body = `${before}\n${renderMarker(marker)}\n${after}`;
        expect(readMarker(body, marker.kind)).toEqual(marker);
      }),
    );
  });

  it("readMarkers never throws, on any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (body) => {
        expect(Array.isArray(readMarkers(body))).toBe(true);
      }),
    );
  });

  it("readMarkers never throws on marker-shaped comments with any payload", () => {
    const payload = fc.oneof(
      fc.jsonValue().map((value) => forged(value)),
      fc
        .string({ unit: fc.constantFrom("A", "B", "c", "z", "0", "9", "-", "_"), minLength: 1 })
        .map((chars) => `<!-- postmortem-tracker:v1 ${chars} -->`),
      fc
        .record({
          v: fc.oneof(fc.constant(1), fc.jsonValue()),
          kind: fc.oneof(fc.constantFrom("item", "tracking"), fc.jsonValue()),
          path: fc.jsonValue(),
          key: fc.jsonValue(),
          due: fc.oneof(isoDay, fc.jsonValue()),
          priority: fc.oneof(fc.constantFrom(...PRIORITIES), fc.jsonValue()),
          pr: fc.jsonValue(),
        })
        .map((value) => forged(value)),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(payload, fc.string())), (parts) => {
        for (const marker of readMarkers(parts.join("\n"))) {
          expect(["item", "tracking"]).toContain(marker.kind);
        }
      }),
    );
  });
});
