import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  extractItemFields,
  findIssueRefs,
  parseDone,
  parseDue,
  parseOwners,
  parsePriority,
  type ExtractedFields,
} from "../../src/core/extract-fields.js";
import { flattenInline } from "../../src/core/inline-markdown.js";
import { makeTitle } from "../../src/core/make-title.js";
import { PRIORITIES } from "../../src/core/types.js";

const NOW = "2026-05-20";

// Pieces of real action items, so random input reaches the annotation, date and link paths that
// plain random strings almost never touch.
const FRAGMENT = fc.constantFrom(
  "Fix the thing",
  " ",
  "\n  ",
  "**",
  "_",
  "`",
  "~~",
  "[",
  "]",
  "(",
  ")",
  "](https://github.com/acme/api/issues/12)",
  "[x] ",
  "[ ] ",
  "@alice",
  "@acme/sre",
  "#12",
  "acme/api#3",
  "GH-7",
  "https://example.com/a_b",
  " — ",
  " - ",
  ", ",
  "; ",
  ". ",
  ": ",
  "Owner: ",
  "owner ",
  "Due: ",
  "due ",
  " by ",
  "before ",
  "within ",
  "Friday",
  "next week",
  "June 1",
  "2026-12-01",
  "Q3 2026",
  "+7d",
  "EOW",
  "P1",
  "[High]",
  "HIGH ",
  "(Done)",
  "DONE",
  "✅",
  "🔄",
  "TODO",
  "Status: ",
  "Alice",
  "SRE to ",
  " will ",
  "We ",
  "<br>",
  "<!-- x -->",
  "&amp;",
  "\\*",
  "é",
  "😀",
  "2",
  "weeks",
);

const MARKDOWNISH = fc.array(FRAGMENT, { maxLength: 40 }).map((parts) => parts.join(""));
const ANY_SOURCE = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  MARKDOWNISH,
);

function isRealDate(iso: string): boolean {
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso;
}

function checkShape(fields: ExtractedFields, source: string): void {
  expect(typeof fields.text).toBe("string");
  expect(fields.text).toBe(fields.text.trim());
  expect(fields.text).not.toMatch(/[\r\n\t]/);
  expect(fields.text).not.toMatch(/[\uE000\uE001]/);
  if (/[\p{L}\p{N}]/u.test(flattenInline(source).text))
    expect(fields.text).toMatch(/[\p{L}\p{N}]/u);
  for (const owner of fields.owners) {
    expect(typeof owner).toBe("string");
    expect(owner).not.toBe("");
    expect(owner.startsWith("@")).toBe(false);
  }
  expect(new Set(fields.owners.map((o) => o.toLowerCase())).size).toBe(fields.owners.length);
  if (fields.due !== null) {
    expect(fields.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(isRealDate(fields.due)).toBe(true);
    expect(fields.dueText).not.toBeNull();
  }
  if (fields.dueText !== null) expect(typeof fields.dueText).toBe("string");
  if (fields.priority !== null) expect(PRIORITIES).toContain(fields.priority);
  expect(typeof fields.done).toBe("boolean");
  for (const ref of fields.refs) {
    expect(Number.isSafeInteger(ref.number) && ref.number > 0).toBe(true);
    if (ref.repo !== null) expect(ref.repo).toMatch(/^[^/\s]+\/[^/\s]+$/);
  }
}

describe("extractItemFields on arbitrary input", () => {
  it("never throws and returns well-typed fields", () => {
    fc.assert(
      fc.property(ANY_SOURCE, fc.constantFrom(null, true, false), (source, checked) => {
        checkShape(extractItemFields({ source, checked, now: NOW }), source);
      }),
      { numRuns: 600 },
    );
  });

  it("gives a usable issue title for whatever text it returns", () => {
    fc.assert(
      fc.property(ANY_SOURCE, (source) => {
        const { text } = extractItemFields({ source, checked: null, now: NOW });
        const title = makeTitle(text);
        expect(title.length).toBeLessThanOrEqual(256);
        expect(title).not.toMatch(/[\r\n]/);
        if (text.trim() !== "") expect(title).not.toBe("");
      }),
      { numRuns: 300 },
    );
  });

  it("resolves dates the same way for any reference date", () => {
    const day = fc
      .date({
        min: new Date("2000-01-01T00:00:00Z"),
        max: new Date("2090-12-31T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(MARKDOWNISH, day, (source, now) => {
        const fields = extractItemFields({ source, checked: null, now });
        checkShape(fields, source);
        expect(extractItemFields({ source, checked: null, now })).toEqual(fields);
      }),
      { numRuns: 300 },
    );
  });
});

describe("extractItemFields on long input", () => {
  const SIZE = 100_000;
  const repeat = (unit: string): string =>
    unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

  // Shapes that make naive patterns backtrack: long runs of one separator, unclosed brackets and
  // code spans, endless cue words, mentions, links and numbers.
  it.each([
    ["letters", repeat("a")],
    ["spaces then a word", `${" ".repeat(SIZE)}x`],
    ["dashes and spaces", repeat("- ")],
    ["unclosed brackets", repeat("[")],
    ["unclosed parentheses", repeat("(")],
    ["links", repeat("[a](b")],
    ["backticks", repeat("`` ` ")],
    ["emphasis", repeat("**_~~")],
    ["html-ish", repeat("<a ")],
    ["entities", repeat("&#")],
    ["cue words", repeat("by due before within ")],
    ["labels", repeat("Owner: Due: Status: ")],
    ["mentions", repeat("@a-")],
    ["at signs", repeat("@")],
    ["emails", repeat("a@b.")],
    ["owner annotations", repeat("(owner: @a) ")],
    ["references", repeat("#1 a/b#")],
    ["numbers", repeat("1 2/3 ")],
    ["urls", repeat("https://x.y/")],
    ["dates", repeat("June 1 ")],
    ["names", repeat("Alice, ")],
    ["markdown-ish", repeat("Fix it — @alice, by Friday (P1) [x] ✅ `code` ")],
  ])("%s (100 KB) finishes quickly", (_name, source) => {
    const started = performance.now();
    const fields = extractItemFields({ source, checked: null, now: NOW });
    const elapsed = performance.now() - started;
    checkShape(fields, source);
    expect(elapsed).toBeLessThan(3000);
  });

  // Larger, so that a quadratic parser (seconds) stands out from a linear one (milliseconds).
  const big = (unit: string): string => unit.repeat(Math.ceil((3 * SIZE) / unit.length));
  it.each([
    ["at signs", big("@")],
    ["emails", big("a@b.")],
    ["separators", big(" , ")],
    ["markdown-ish", big("Fix it — @alice, by Friday (P1) [x] ✅ `code` ")],
  ])("the column parsers and makeTitle handle %s (300 KB) quickly", (_name, source) => {
    const started = performance.now();
    parseOwners(source);
    parseDue(source, NOW);
    parsePriority(source);
    parseDone(source);
    findIssueRefs(source);
    expect(makeTitle(source).length).toBeLessThanOrEqual(256);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("handles 100 KB of random text", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1000, maxLength: 1000 }),
        fc.integer({ min: 1, max: 100 }),
        (chunk, times) => {
          const source = chunk.repeat(times);
          const started = performance.now();
          checkShape(extractItemFields({ source, checked: null, now: NOW }), source);
          expect(performance.now() - started).toBeLessThan(3000);
        },
      ),
      { numRuns: 10 },
    );
  });
});
