import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeHeading } from "../../src/core/classify-heading.js";
import { collapseSpaces } from "../../src/core/collapse-spaces.js";
import { countFields, countWordsUpToTwo } from "../../src/core/count-fields.js";
import { normalizeForKey } from "../../src/core/item-key.js";
import { isEmphasisedLine, toPlain } from "../../src/core/markdown/to-plain.js";

// The planner's shortcuts skip work that cannot change the result. Each property compares one
// with the plain code it replaced, kept here as the reference.

const PIECES = [
  "Fix",
  "the",
  "alert",
  "é",
  "Ⅻ",
  "😀",
  "🚨",
  "\u200d",
  "\ufe0f",
  "1.",
  "(2)",
  "iv.",
  "Step 3:",
  " ",
  "  ",
  "\t",
  "\n",
  "\u00a0",
  "\u2028",
  "*",
  "**",
  "_",
  "__",
  "~~",
  "`",
  "\\",
  "\\*",
  "[",
  "]",
  "(",
  ")",
  "![img](x.png)",
  "[link](http://x)",
  "[ref][1]",
  "<b>",
  "</b>",
  "<",
  ">",
  ":",
  ":fire:",
  "#",
  "|",
  "-",
  "–",
  "—",
  ".",
  "!",
];
const TEXT = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })), { maxLength: 24 })
  .map((parts) => parts.join(""));
const RUNS = { numRuns: 3000 };

function referenceToPlain(source: string): string {
  if (!/[[<*_~`\\]/.test(source)) return source.replace(/\s+/g, " ").trim();
  return source
    .replace(/!\[[^[\]]*\]\([^()]*\)/g, " ")
    .replace(/\[([^[\]]*)\]\([^()]*\)/g, "$1")
    .replace(/\[([^[\]]+)\]\[[^[\]]*\]/g, "$1")
    .replace(/<\/?[a-zA-Z][^<>]*>/g, " ")
    .replace(/(\*\*|__|~~)(?=\S)([^*_~]{0,400}?\S)\1/g, "$2")
    .replace(/(^|[^\w*])[*_](?=\S)([^*_]{0,400}?\S)[*_](?=$|[^\w*])/g, "$1$2")
    .replace(/`([^`]{0,2000})`/g, "$1")
    .replace(/\\([\\`*_{}[\]()#+\-.!|~])/g, "$1")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[*_]+(?=[\p{L}\p{N}])/u, "")
    .replace(/(?<=[\p{L}\p{N}.!?:)])[*_]+$/u, "");
}

function referenceIsEmphasisedLine(source: string): boolean {
  const t = source.trim().replace(/:\s*$/, "");
  if (/^(\*\*|__)[^]*(\*\*|__):?$/.test(t)) return (t.match(/\*\*|__/g) ?? []).length === 2;
  return /^[*_][^*_][^*_]*[*_]:?$/.test(t);
}

function referenceNormalizeHeading(text: string): string {
  return text
    .replace(/<[^>]*>/g, " ")
    .replace(/:[a-z0-9_+-]+:/gi, " ")
    .replace(/\p{Extended_Pictographic}|\u200d|\ufe0f/gu, " ")
    .replace(/[*_`~#>|]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(
      /^(\(?\d+(\.\d+)*[.):]?|\(?[ivx]{1,4}[.)]|(step|part|section) \d+[.:]?|[-–—•=]+)\s+/i,
      "",
    )
    .replace(/^(\(?\d+(\.\d+)*[.):]?)\s*/, "")
    .replace(/[\s:.\-–—]+$/, "")
    .toLowerCase();
}

function referenceNormalizeForKey(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

describe("planner shortcuts give what the code they replaced gave", () => {
  it("collapseSpaces", () => {
    fc.assert(
      fc.property(TEXT, (t) => {
        expect(collapseSpaces(t)).toBe(t.replace(/\s+/g, " "));
      }),
      RUNS,
    );
  });

  it("countFields and countWordsUpToTwo", () => {
    fc.assert(
      fc.property(TEXT, (t) => {
        const pieces = t.split(" ");
        expect(countFields(t)).toBe(pieces.length);
        const words = pieces.filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
        expect(countWordsUpToTwo(t)).toBe(Math.min(words, 2));
      }),
      RUNS,
    );
  });

  it("toPlain and isEmphasisedLine", () => {
    fc.assert(
      fc.property(TEXT, (t) => {
        expect(toPlain(t)).toBe(referenceToPlain(t));
        expect(isEmphasisedLine(t)).toBe(referenceIsEmphasisedLine(t));
      }),
      RUNS,
    );
  });

  it("normalizeHeading", () => {
    fc.assert(
      fc.property(TEXT, (t) => {
        expect(normalizeHeading(t)).toBe(referenceNormalizeHeading(t));
      }),
      RUNS,
    );
  });

  it("normalizeForKey, ASCII or not", () => {
    fc.assert(
      fc.property(fc.oneof(TEXT, fc.string({ unit: "binary-ascii" })), (t) => {
        expect(normalizeForKey(t)).toBe(referenceNormalizeForKey(t));
      }),
      RUNS,
    );
  });
});
